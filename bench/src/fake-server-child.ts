/**
 * The child process that runs the fake vendor servers, so that their CPU is not counted in the
 * client process being measured. Per vendor, one server answers non-streaming calls with the
 * default text reply; the other answers every call with the 200-chunk stream scenario (OpenAI has
 * a paced one too). Talks to the parent
 * over IPC: sends `{ type: 'ready', ... }` once listening, closes on `{ type: 'close' }`.
 */
import { startFakeAnthropicServer, startFakeGoogleServer, startFakeGroqServer, startFakeOpenAIServer, startFakeOpenRouterServer, type FakeServer, type Scenario } from '@llm/mocks';
import { PACED_STREAM_SCENARIO, STREAM_SCENARIO, type ChildReady } from './fake-server-protocol.js';

const REFILL = 2000;

async function main(): Promise<void> {
  const json = await startFakeOpenAIServer();
  const stream = await startFakeOpenAIServer();
  const paced = await startFakeOpenAIServer();
  const others = {
    groq: [await startFakeGroqServer(), await startFakeGroqServer()],
    openrouter: [await startFakeOpenRouterServer(), await startFakeOpenRouterServer()],
    anthropic: [await startFakeAnthropicServer(), await startFakeAnthropicServer()],
    google: [await startFakeGoogleServer(), await startFakeGoogleServer()],
  } satisfies Record<string, [FakeServer, FakeServer]>;
  const streams = [stream, ...Object.values(others).map(([, s]) => s)];
  const all = [json, paced, ...Object.values(others).flat(), stream];
  const refill = (): void => {
    // Drops the recorded requests (they would pile up) and queues more of the same stream reply.
    for (const server of all) server.reset();
    for (const server of streams) server.enqueue(...new Array<Scenario>(REFILL).fill(STREAM_SCENARIO));
    paced.enqueue(...new Array<Scenario>(REFILL).fill(PACED_STREAM_SCENARIO));
  };
  refill();
  const timer = setInterval(refill, 200);
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'close') return;
    clearInterval(timer);
    void Promise.all(all.map((server) => server.close())).then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  const pair = ([j, s]: [FakeServer, FakeServer]) => ({ apiKey: j.apiKey, jsonBaseUrl: j.baseUrl, streamBaseUrl: s.baseUrl });
  const vendors = {
    openai: pair([json, stream]),
    groq: pair(others.groq),
    openrouter: pair(others.openrouter),
    anthropic: pair(others.anthropic),
    google: pair(others.google),
  };
  const ready: ChildReady = { type: 'ready', apiKey: json.apiKey, jsonBaseUrl: json.baseUrl, streamBaseUrl: stream.baseUrl, pacedStreamBaseUrl: paced.baseUrl, vendors };
  process.send?.(ready);
}

void main();
