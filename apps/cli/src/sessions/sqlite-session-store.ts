import { randomBytes } from 'node:crypto';
import { usageError } from '../errors/usage-error.js';
import { openSqliteFile, rowOf, rowsOf } from '../storage/sqlite-file.js';
import type { SessionStore, SessionSummary, StoredMessage } from './session-types.js';

/** The schema, by version (`PRAGMA user_version`); a newer file than this code is refused. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     model TEXT NOT NULL,
     system TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE messages (
     session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
     content TEXT NOT NULL,
     model TEXT,
     input_tokens INTEGER,
     output_tokens INTEGER,
     cost_usd REAL,
     finish_reason TEXT,
     created_at TEXT NOT NULL,
     PRIMARY KEY (session_id, seq)
   );
   CREATE INDEX sessions_by_update ON sessions (updated_at);`,
];

interface SessionRow {
  id: string;
  title: string;
  model: string;
  system: string | null;
  created_at: string;
  updated_at: string;
  turns: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

interface MessageRow {
  role: 'user' | 'assistant';
  content: string;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  finish_reason: string | null;
  created_at: string;
}

const SUMMARY = `SELECT s.id, s.title, s.model, s.system, s.created_at, s.updated_at,
  COUNT(m.seq) FILTER (WHERE m.role = 'user') AS turns,
  COALESCE(SUM(m.input_tokens), 0) AS input_tokens,
  COALESCE(SUM(m.output_tokens), 0) AS output_tokens,
  COALESCE(SUM(m.cost_usd), 0) AS cost_usd
  FROM sessions s LEFT JOIN messages m ON m.session_id = s.id`;

function toSummary(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    title: row.title,
    model: row.model,
    system: row.system ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    turns: row.turns,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return {
    role: row.role,
    content: row.content,
    model: row.model ?? undefined,
    inputTokens: row.input_tokens ?? undefined,
    outputTokens: row.output_tokens ?? undefined,
    costUsd: row.cost_usd ?? undefined,
    finishReason: row.finish_reason ?? undefined,
    createdAt: row.created_at,
  };
}

/** Ten characters of [a-z0-9]: short enough to type, 50 bits against collisions. */
function newSessionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Sessions in an SQLite file (libsql): WAL journal, so a reader never waits for a writer
 * and a process killed mid-turn leaves every committed turn readable.
 */
export async function openSessionStore(path: string): Promise<SessionStore> {
  const db = await openSqliteFile(path, MIGRATIONS);

  const insertSession = db.prepare('INSERT INTO sessions (id, title, model, system, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const nextSeq = db.prepare<[string]>('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM messages WHERE session_id = ?');
  const insertMessage = db.prepare(
    'INSERT INTO messages (session_id, seq, role, content, model, input_tokens, output_tokens, cost_usd, finish_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const touch = db.prepare('UPDATE sessions SET updated_at = ?, model = ? WHERE id = ?');
  const byPrefix = db.prepare<[string]>(`${SUMMARY} WHERE s.id LIKE ? || '%' GROUP BY s.id LIMIT 2`);
  const messagesOf = db.prepare<[string]>('SELECT role, content, model, input_tokens, output_tokens, cost_usd, finish_reason, created_at FROM messages WHERE session_id = ? ORDER BY seq');
  const listed = db.prepare<[number]>(`${SUMMARY} GROUP BY s.id HAVING COUNT(m.seq) > 0 ORDER BY s.updated_at DESC, s.rowid DESC LIMIT ?`);
  const rename = db.prepare('UPDATE sessions SET title = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');

  const addMessage = (id: string, m: StoredMessage) =>
    insertMessage.run(id, rowOf<{ seq: number }>(nextSeq.get(id))!.seq, m.role, m.content, m.model ?? null, m.inputTokens ?? null, m.outputTokens ?? null, m.costUsd ?? null, m.finishReason ?? null, m.createdAt);
  const appendTurn = db.transaction((id: string, model: string, user: StoredMessage, assistant: StoredMessage) => {
    addMessage(id, user);
    addMessage(id, assistant);
    touch.run(assistant.createdAt, model, id);
  });

  const find = (idOrPrefix: string): SessionRow | undefined => {
    if (!/^[a-z0-9]+$/.test(idOrPrefix)) return undefined;
    const rows = rowsOf<SessionRow>(byPrefix.all(idOrPrefix));
    if (rows.length > 1) throw usageError(`session "${idOrPrefix}" is ambiguous: more than one session id starts with it`, 'give more of the id (llm sessions list)');
    return rows[0];
  };

  return {
    create({ model, system, title }) {
      const now = new Date().toISOString();
      const id = newSessionId();
      insertSession.run(id, title, model, system ?? null, now, now);
      return { id, title, model, system, createdAt: now, updatedAt: now, turns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    },
    appendTurn: (id, model, user, assistant) => void appendTurn(id, model, user, assistant),
    get(idOrPrefix) {
      const row = find(idOrPrefix);
      return row ? { session: toSummary(row), messages: rowsOf<MessageRow>(messagesOf.all(row.id)).map(toMessage) } : undefined;
    },
    latest: () => {
      const row = rowOf<SessionRow>(listed.get(1));
      return row ? toSummary(row) : undefined;
    },
    list: (limit = 50) => rowsOf<SessionRow>(listed.all(limit)).map(toSummary),
    rename: (id, title) => void rename.run(title, id),
    remove: (id) => remove.run(id).changes > 0,
    close: () => db.close(),
  };
}
