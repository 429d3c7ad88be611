/**
 * The child process that runs the fake OpenAI servers, so that their CPU is not counted in the
 * client process being measured. One server answers non-streaming calls with the default text
 * reply; the others answer every call with the 200-chunk stream scenario: as fast as they can, paced
 * 1 ms per chunk, and slow (10 ms per chunk). Talks to the parent
 * over IPC: sends `{ type: 'ready', ... }` once listening, closes on `{ type: 'close' }`.
 */
import { startFakeOpenAIServer, type Scenario } from '@llm/mocks';
import { PACED_STREAM_SCENARIO, SLOW_STREAM_SCENARIO, STREAM_SCENARIO, type ChildReady } from './fake-server-protocol.js';

const REFILL = 2000;

async function main(): Promise<void> {
  const json = await startFakeOpenAIServer();
  const stream = await startFakeOpenAIServer();
  const paced = await startFakeOpenAIServer();
  const slow = await startFakeOpenAIServer();
  const refill = (): void => {
    // Drops the recorded requests (they would pile up) and queues more of the same stream reply.
    json.reset();
    stream.reset();
    paced.reset();
    slow.reset();
    stream.enqueue(...new Array<Scenario>(REFILL).fill(STREAM_SCENARIO));
    paced.enqueue(...new Array<Scenario>(REFILL).fill(PACED_STREAM_SCENARIO));
    slow.enqueue(...new Array<Scenario>(REFILL).fill(SLOW_STREAM_SCENARIO));
  };
  refill();
  const timer = setInterval(refill, 50);
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'close') return;
    clearInterval(timer);
    void Promise.all([json.close(), stream.close(), paced.close(), slow.close()]).then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  const ready: ChildReady = { type: 'ready', apiKey: json.apiKey, jsonBaseUrl: json.baseUrl, streamBaseUrl: stream.baseUrl, pacedStreamBaseUrl: paced.baseUrl, slowStreamBaseUrl: slow.baseUrl };
  process.send?.(ready);
}

void main();
