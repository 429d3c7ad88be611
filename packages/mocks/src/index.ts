export * from './scenario.js';
export { startFakeServer, sendJson, sendSse, sleep, closedSignal, type FakeServer, type FakeServerSpec, type IncomingCall, type ScriptTarget } from './fake-server.js';
export { startFakeOpenAIServer, openAIErrorReply, seenOpenAIRequest, OPENAI_ERROR_KINDS, type FakeOpenAIServerOptions } from './fake-openai-server.js';
export { createMockModel, type MockModel, type MockModelOptions } from './mock-model.js';
export { runConformanceSuite, expectLLMError, type ConformanceHarness, type ConformanceOptions } from './conformance-suite.js';
export { startFakeGroqServer, groqErrorReply, groqUsage, GROQ_ERROR_KINDS, GROQ_RATE_LIMIT_HEADERS, type FakeGroqServerOptions } from './fake-groq-server.js';
export { startFakeOpenRouterServer, openRouterErrorReply, openRouterCost, type FakeOpenRouterServerOptions } from './fake-openrouter-server.js';
export { startFakeGoogleServer, googleErrorReply, seenGoogleRequest, GOOGLE_ERROR_KINDS, type FakeGoogleServerOptions, type FakeGoogleModel } from './fake-google-server.js';
export { startFakeAnthropicServer, anthropicErrorReply, anthropicRateLimitHeaders, seenAnthropicRequest, ANTHROPIC_ERROR_KINDS, type FakeAnthropicServerOptions } from './fake-anthropic-server.js';
export { runResilienceSuite, RESILIENCE_FAULTS, type ResilienceOptions, type ResilienceFault, type ResilienceExpectations } from './resilience-conformance.js';
export { runTelemetrySuite, type TelemetrySuiteOptions } from './telemetry-conformance.js';

export { providerHarness, type HarnessProvider } from './provider-harness.js';
export { useRequestPins, type RequestPins } from './request-pins.js';
export { PIN_REQUESTS, PIN_STRUCTURED_REPLY, PIN_WEATHER_SCHEMA, PIN_WEATHER_TOOL } from './pin-requests.js';
export { describeWireShapes, type WireShapeOptions } from './conformance-wire-shapes.js';
export { startRedisServer, redisServerMissing, freePort, type RedisServer } from './redis-server.js';
export { describeRedis } from './redis-suite.js';
