/**
 * The child process that runs the five vendors' fake servers for the vendor-streams case, so that
 * their CPU is not counted in the client processes being measured. Per vendor, one server answers
 * non-streaming calls with the default text reply; the other answers every call with the 200-chunk
 * stream scenario. Sends its `VendorServersReady` once listening; exits on `close` or when the parent goes.
 */
import { startFakeAnthropicServer, startFakeGoogleServer, startFakeGroqServer, startFakeOpenAIServer, startFakeOpenRouterServer, type FakeServer, type Scenario } from '@llm/mocks';
import { STREAM_SCENARIO } from './fake-server-protocol.js';
import type { VendorName } from './vendor-call.js';
import type { VendorServers, VendorServersReady } from './vendor-servers-process.js';

const REFILL = 2000;

const START: Record<VendorName, () => Promise<FakeServer>> = {
  openai: () => startFakeOpenAIServer(),
  groq: () => startFakeGroqServer(),
  openrouter: () => startFakeOpenRouterServer(),
  anthropic: () => startFakeAnthropicServer(),
  google: () => startFakeGoogleServer(),
};

async function main(): Promise<void> {
  const pairs = await Promise.all(Object.entries(START).map(async ([vendor, start]) => ({ vendor: vendor as VendorName, json: await start(), stream: await start() })));
  const all = pairs.flatMap((p) => [p.json, p.stream]);
  const refill = (): void => {
    // Drops the recorded requests (they would pile up) and queues more of the same stream reply.
    for (const server of all) server.reset();
    for (const { stream } of pairs) stream.enqueue(...new Array<Scenario>(REFILL).fill(STREAM_SCENARIO));
  };
  refill();
  const timer = setInterval(refill, 200);
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'close') return;
    clearInterval(timer);
    void Promise.all(all.map((server) => server.close())).then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  const vendors = Object.fromEntries(pairs.map(({ vendor, json, stream }) => [vendor, { apiKey: json.apiKey, jsonBaseUrl: json.baseUrl, streamBaseUrl: stream.baseUrl }])) as Record<VendorName, VendorServers>;
  process.send?.({ type: 'ready', vendors } satisfies VendorServersReady);
}

void main();
