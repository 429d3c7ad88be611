import type { ClientOption } from '@llm/core';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CliContext } from '../context.js';

/** The client option that records calls into the analytics store, and the close that writes what is queued. */
export interface AnalyticsRecording {
  readonly option: ClientOption;
  close(): Promise<void>;
}

/**
 * Opens `$XDG_DATA_HOME/llm/analytics.db` (@llm/analytics' SQLite file store, shared by every `llm`
 * process) for the calls of this run. A store that cannot be opened is a warning, never a failed
 * answer: the call goes ahead unrecorded.
 */
export async function openAnalyticsRecording(ctx: CliContext): Promise<AnalyticsRecording | undefined> {
  const path = ctx.paths.analyticsDb;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const { createAnalytics, openSqliteStore } = await import('@llm/analytics');
    const analytics = createAnalytics({ store: await openSqliteStore({ path }) });
    return {
      option: analytics.clientOption(),
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
