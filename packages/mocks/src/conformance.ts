/**
 * `@llm/mocks/conformance`: the suites every provider runs, written with vitest (an optional peer:
 * only this entry needs it). The mock model and fake servers are in the main entry, `@llm/mocks`.
 */
export { runConformanceSuite, type ConformanceOptions } from './conformance-suite.js';
export { runResilienceSuite, RESILIENCE_FAULTS, type ResilienceOptions, type ResilienceFault, type ResilienceExpectations } from './resilience-conformance.js';
export { runTelemetrySuite, type TelemetrySuiteOptions } from './telemetry-conformance.js';
export { expectLLMError } from './expect-llm-error.js';
export { describeWireShapes, type WireShapeOptions } from './conformance-wire-shapes.js';
export { useRequestPins, type RequestPins } from './request-pins.js';
export { PIN_REQUESTS, PIN_STRUCTURED_REPLY, PIN_WEATHER_SCHEMA, PIN_WEATHER_TOOL } from './pin-requests.js';
export { describeRedis } from './redis-suite.js';
export { describePostgres } from './postgres-suite.js';
export { describeWithService } from './service-suite.js';
export { describeHostileVendor } from './conformance-hostile-vendor.js';
export { describeRedirectSafety, type RedirectSafetyOptions } from './conformance-redirects.js';
export { describeTransportChoice, type TransportChoiceOptions } from './conformance-transport.js';
export { describeDirectRoute, type DirectRouteOptions } from './conformance-direct-route.js';
export { describeSignalListeners, type SignalListenerOptions } from './conformance-signal-listeners.js';
