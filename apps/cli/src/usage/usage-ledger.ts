import { openSqliteFile } from '../storage/sqlite-file.js';

/** The schema, by version (`PRAGMA user_version`). No prompt or answer text: only what a call cost. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE calls (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     model TEXT NOT NULL,
     answered_by TEXT NOT NULL,
     input_tokens INTEGER,
     output_tokens INTEGER,
     cost_usd REAL,
     error TEXT,
     session_id TEXT
   );
   CREATE INDEX calls_by_time ON calls (at);`,
];

/**
 * One call to a vendor or a gateway that reported usage: every answer, and a stream that failed
 * after its usage came. The built-in mock's calls are not kept (they cost nothing), nor calls that
 * failed before any usage (nothing was billed).
 */
export interface CallRecord {
  /** When it ended, an ISO instant. */
  at: string;
  /** `provider:model` asked for. */
  model: string;
  /** `provider:model` that answered (a fallback, a dated name). */
  answeredBy: string;
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  /** USD; undefined when the price is unknown. */
  costUsd: number | undefined;
  /** The error code of a failed call (its usage, when some was reported, is kept too). */
  error: string | undefined;
  sessionId: string | undefined;
}

export type Period = 'day' | 'week' | 'month';

/** Spend of one model in one period. */
export interface SpendRow {
  /** `2026-11-30` (day), `2026-11-30` the Monday of the week (week), `2026-11` (month). */
  period: string;
  model: string;
  calls: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Calls whose price is unknown (their tokens are counted, their cost is not in costUsd). */
  unpriced: number;
}

const PERIOD_KEY: Record<Period, string> = {
  day: 'substr(at, 1, 10)',
  // The Monday on or before the day (ISO weeks start on Monday).
  week: "date(substr(at, 1, 10), '-6 days', 'weekday 1')",
  month: 'substr(at, 1, 7)',
};

export interface UsageLedger {
  record(call: CallRecord): void;
  /** Spend per period and model (the model that answered), oldest period first, since an instant (ISO) if given. */
  spend(period: Period, since?: string): SpendRow[];
  close(): void;
}

/** Every call's usage and cost in an SQLite file (`$XDG_DATA_HOME/llm/usage.db`), kept whatever `--no-save` says. */
export async function openUsageLedger(path: string): Promise<UsageLedger> {
  const db = await openSqliteFile(path, MIGRATIONS);
  const insert = db.prepare('INSERT INTO calls (at, model, answered_by, input_tokens, output_tokens, cost_usd, error, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const spendQuery = (p: Period) =>
    db.prepare<[string], SpendRow>(
      `SELECT ${PERIOD_KEY[p]} AS period, answered_by AS model, COUNT(*) AS calls, COUNT(error) AS failed,
         COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
         COALESCE(SUM(cost_usd), 0) AS costUsd, COUNT(*) - COUNT(cost_usd) AS unpriced
       FROM calls WHERE at >= ? GROUP BY period, answered_by ORDER BY period, costUsd DESC, answered_by`,
    );
  return {
    record: (c) => void insert.run(c.at, c.model, c.answeredBy, c.inputTokens ?? null, c.outputTokens ?? null, c.costUsd ?? null, c.error ?? null, c.sessionId ?? null),
    spend: (period, since = '') => spendQuery(period).all(since),
    close: () => db.close(),
  };
}
