import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { usageError } from '../errors/usage-error.js';
import { formatUsd } from '../output/format.js';
import { formatTable } from '../output/table.js';
import type { SessionStore } from '../sessions/session-types.js';
import { openSessionStore } from '../sessions/sqlite-session-store.js';

async function withStore<T>(ctx: CliContext, body: (store: SessionStore) => T): Promise<T> {
  const store = await openSessionStore(ctx.paths.sessionsDb);
  try {
    return body(store);
  } finally {
    store.close();
  }
}

/** `2025-01-02 03:04` in UTC: sortable and the same on every machine. */
function shortDate(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** `llm sessions list`: newest first. */
export function listSessions(ctx: CliContext, flags: { json?: boolean; limit?: number }): Promise<number> {
  return withStore(ctx, (store) => {
    const sessions = store.list(flags.limit ?? 20);
    if (flags.json) {
      ctx.terminal.out(`${JSON.stringify(sessions)}\n`);
      return EXIT.ok;
    }
    if (sessions.length === 0) {
      ctx.terminal.info('llm: no sessions yet (every prompt and chat is kept; llm chat starts one)');
      return EXIT.ok;
    }
    const rows = sessions.map((s) => [s.id, shortDate(s.updatedAt), s.model, String(s.turns), formatUsd(s.costUsd), s.title]);
    ctx.terminal.out(formatTable(['ID', 'UPDATED (UTC)', 'MODEL', 'TURNS', 'COST', 'TITLE'], rows));
    return EXIT.ok;
  });
}

/** `llm sessions show ID`: the transcript. */
export function showSession(ctx: CliContext, id: string, flags: { json?: boolean }): Promise<number> {
  return withStore(ctx, (store) => {
    const found = store.get(id);
    if (!found) throw usageError(`no session "${id}"`, 'llm sessions list shows the sessions');
    const { session, messages } = found;
    if (flags.json) {
      ctx.terminal.out(`${JSON.stringify({ session, messages })}\n`);
      return EXIT.ok;
    }
    const { bold, dim } = ctx.terminal.outColours;
    const head = [
      `${bold(`session ${session.id}`)}: ${session.title}`,
      dim(`${session.model} · ${session.turns} turns · ${session.inputTokens} in + ${session.outputTokens} out tokens · ${formatUsd(session.costUsd)} · ${shortDate(session.createdAt)} to ${shortDate(session.updatedAt)} UTC`),
      ...(session.system ? [dim(`system: ${session.system}`)] : []),
    ];
    const body = messages.map((m) => (m.role === 'user' ? `${bold('> ')}${m.content}` : `${m.content}\n${dim(`  (${m.model ?? '?'}${m.finishReason && m.finishReason !== 'stop' ? `, finish: ${m.finishReason}` : ''})`)}`));
    ctx.terminal.out(`${[...head, '', ...body].join('\n')}\n`);
    return EXIT.ok;
  });
}

/** `llm sessions rm ID...` */
export function removeSessions(ctx: CliContext, ids: readonly string[]): Promise<number> {
  return withStore(ctx, (store) => {
    // Every id is checked before anything is removed.
    const found = ids.map((id) => {
      const session = store.get(id)?.session;
      if (!session) throw usageError(`no session "${id}"`, 'llm sessions list shows the sessions');
      return session;
    });
    for (const session of found) {
      store.remove(session.id);
      ctx.terminal.info(`llm: removed session ${session.id} (${session.title})`);
    }
    return EXIT.ok;
  });
}
