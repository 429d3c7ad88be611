import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReady } from './fake-server-protocol.js';

/** The fake servers, running in a child process. */
export interface FakeServers {
  apiKey: string;
  /** Answers every chat completion with the default short text reply. */
  jsonBaseUrl: string;
  /** Answers every chat completion with the 200-chunk stream scenario. */
  streamBaseUrl: string;
  /** The same stream with a pause between chunks, as a real model sends them. */
  pacedStreamBaseUrl: string;
  /** The same stream at 10 ms per chunk (over 2 s): many streams open at once. */
  slowStreamBaseUrl: string;
  pid: number;
  close(): Promise<void>;
}

/** Starts the fake OpenAI servers in a child process (its CPU is not the client's). */
export function startFakeServersProcess(): Promise<FakeServers> {
  const entry = fileURLToPath(new URL('./fake-server-child.js', import.meta.url));
  // No inherited flags: a --cpu-prof of the client must not profile the server too.
  // --no-warnings: the mocks' sleep() leaves an abort listener per paced chunk on the reply's signal (harmless here).
  const child: ChildProcess = fork(entry, [], { execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the fake server process exited early (code ${code})`));
    child.once('error', reject);
    child.once('exit', onExit);
    child.once('message', (message: ChildReady) => {
      child.off('exit', onExit);
      resolve({
        apiKey: message.apiKey,
        jsonBaseUrl: message.jsonBaseUrl,
        streamBaseUrl: message.streamBaseUrl,
        pacedStreamBaseUrl: message.pacedStreamBaseUrl,
        slowStreamBaseUrl: message.slowStreamBaseUrl,
        pid: child.pid ?? -1,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.send({ type: 'close' });
          }),
      });
    });
  });
}
