import type { ClientOption, Middleware } from '@llm/core';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CliContext } from '../context.js';

/**
 * How a run records its calls into the analytics store: `attempts` goes into each client's stack
 * (one `attempt` record per try at the vendor), `calls` wraps each model outside the CLI's retry
 * (one `call` record per call, retries included: what `llm cost` and `llm analytics` count).
 */
export interface AnalyticsRecording {
  readonly attempts: ClientOption;
  readonly calls: Middleware;
  /** Writes what is queued and closes the store. */
  close(): Promise<void>;
}

/**
 * Opens `$XDG_DATA_HOME/llm/analytics.db` (@llm/analytics' SQLite file store, shared by every `llm`
 * process) for the calls of this run: the one record of every call to a vendor or a gateway. A
 * store that cannot be opened is a warning, never a failed answer: the call goes ahead unrecorded.
 */
export async function openAnalyticsRecording(ctx: CliContext): Promise<AnalyticsRecording | undefined> {
  const path = ctx.paths.analyticsDb;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const [{ createAnalytics, openSqliteStore, attemptMiddleware, callMiddleware }, { withAttemptMiddleware }] = await Promise.all([import('@llm/analytics'), import('@llm/core')]);
    const analytics = createAnalytics({ store: await openSqliteStore({ path }) });
    return {
      attempts: withAttemptMiddleware(attemptMiddleware(analytics.recorder)),
      calls: callMiddleware(analytics.recorder),
      close: async () => {
        try {
          await analytics.close();
        } catch (err) {
          ctx.terminal.warn(`llm: could not record this call in ${path}: ${(err as Error).message}`);
        }
      },
    };
  } catch (err) {
    ctx.terminal.warn(`llm: could not open the analytics store ${path}: ${(err as Error).message}`);
    return undefined;
  }
}
