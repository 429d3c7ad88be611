/**
 * The provider packages a user installs with `@llm/core`, the vendor SDK each is built on, and
 * what the release check scripts on its fake vendor server (from the workspace's `@llm/mocks`).
 */

/** Every vendor SDK a provider package may bring; a consumer of one provider gets only its own. */
export const VENDOR_SDKS = ['openai', '@anthropic-ai/sdk', '@google/genai', 'groq-sdk', '@openrouter/sdk'];

export const PROVIDERS = [
  { pkg: '@llm/openai', factory: 'createOpenAI', sdk: 'openai', server: 'startFakeOpenAIServer', model: 'gpt-4o-mini' },
  { pkg: '@llm/anthropic', factory: 'createAnthropic', sdk: '@anthropic-ai/sdk', server: 'startFakeAnthropicServer', model: 'claude-haiku-4-5' },
  { pkg: '@llm/google', factory: 'createGoogle', sdk: '@google/genai', server: 'startFakeGoogleServer', model: 'gemini-2.5-flash' },
  { pkg: '@llm/groq', factory: 'createGroq', sdk: 'openai', server: 'startFakeGroqServer', model: 'llama-3.3-70b-versatile' },
  { pkg: '@llm/openrouter', factory: 'createOpenRouter', sdk: 'openai', server: 'startFakeOpenRouterServer', model: 'openai/gpt-4o-mini' },
];

/** The replies `consumer/chat.ts` expects, in its order. */
export const ESM_SCENARIOS = [
  { kind: 'text', text: 'hello from the fake' },
  { kind: 'text', text: 'streamed from the fake' },
  { kind: 'tool-calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
  { kind: 'text', text: '{"name":"Ada","born":1815}' },
  { kind: 'error', error: 'authentication' },
];

/** The replies `consumer/require.cts` expects. */
export const CJS_SCENARIOS = [{ kind: 'text', text: 'hello from the fake' }];
