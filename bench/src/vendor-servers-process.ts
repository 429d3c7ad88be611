import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VendorName } from './vendor-call.js';

/** One vendor's fake servers (base URLs as its SDK takes them). */
export interface VendorServers {
  apiKey: string;
  /** Answers every request with the default short text reply. */
  jsonBaseUrl: string;
  /** Answers every request with the 200-chunk stream scenario. */
  streamBaseUrl: string;
}

/** What the child sends once its servers listen. */
export interface VendorServersReady {
  type: 'ready';
  vendors: Record<VendorName, VendorServers>;
}

/** Starts the five vendors' fake servers in a child process (its CPU is not the clients'). */
export function startVendorServersProcess(): Promise<{ vendors: Record<VendorName, VendorServers>; close(): Promise<void> }> {
  const entry = fileURLToPath(new URL('./vendor-servers-child.js', import.meta.url));
  const child: ChildProcess = fork(entry, [], { execArgv: ['--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the vendor servers' process exited early (code ${code})`));
    child.once('error', reject);
    child.once('exit', onExit);
    child.once('message', (message: VendorServersReady) => {
      child.off('exit', onExit);
      resolve({
        vendors: message.vendors,
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
