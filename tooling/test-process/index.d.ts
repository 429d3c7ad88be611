import type { ChildProcess } from 'node:child_process';

export interface WorkerProcess {
  child: ChildProcess;
  /** Every message the worker sent, in order. */
  messages: Array<Record<string, unknown>>;
  /** The first message of `type` (already sent or still to come); rejects on an `error` message or an early exit. */
  next(type: string): Promise<Record<string, unknown>>;
}

/**
 * Forks a TypeScript worker script (an absolute path or `file:` URL) on the workspace sources:
 * `--conditions=@llm/source` and a loader that transpiles `.ts` with the workspace's TypeScript.
 */
export function startWorker(script: string | URL, env: Record<string, string>): WorkerProcess;
