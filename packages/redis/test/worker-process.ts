import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REGISTER = new URL('./ts-register.mjs', import.meta.url).href;

export interface WorkerProcess {
  child: ChildProcess;
  /** Every message the worker sent, in order. */
  messages: Array<Record<string, unknown>>;
  /** The first message of `type` (already sent or still to come); rejects on an `error` message or an early exit. */
  next(type: string): Promise<Record<string, unknown>>;
}

/** Forks one of this folder's TypeScript workers (`rate-limit-worker.ts`, `budget-worker.ts`) on the workspace sources. */
export function startWorker(script: string, env: Record<string, string>): WorkerProcess {
  const child = fork(fileURLToPath(new URL(`./${script}`, import.meta.url)), [], {
    execArgv: ['--conditions=@llm/source', '--import', REGISTER],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const messages: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  child.on('message', (m) => {
    messages.push(m as Record<string, unknown>);
    for (const w of waiters.splice(0)) w();
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const error = messages.find((m) => m.type === 'error');
        if (error) return reject(new Error(String(error.message)));
        const found = messages.find((m) => m.type === type);
        if (found) return resolve(found);
        waiters.push(check);
      };
      child.once('exit', (code) => setTimeout(() => reject(new Error(`worker exited (${code}) before sending ${type}`)), 50));
      check();
    });
  return { child, messages, next };
}
