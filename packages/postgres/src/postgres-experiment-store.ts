import { connectPostgres, postgresError, type PgConnection, type PgConnectionOptions } from './pg-connection.js';
import { migrate, type Migration } from './pg-migrations.js';

/**
 * One call of an A/B experiment: `@llm/recommend`'s `ExperimentCall`, declared here by its shape
 * (this package sits below `@llm/recommend` and does not import it), so this store is its
 * `ExperimentStore` as it is.
 */
export interface ExperimentCallRecord {
  readonly callId: string;
  readonly experimentId: string;
  readonly arm: string;
  readonly unit: string | undefined;
  readonly startedAt: number;
  readonly latencyMs: number;
  readonly timeToFirstChunkMs: number | undefined;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly costUsd: number | undefined;
  readonly error: string | undefined;
  outcome?: boolean | number | undefined;
}

/** The experiment-call table (component `experiments`): the call as `jsonb` beside the columns it is found by. */
export const EXPERIMENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE llm_experiment_calls (
        call_id text PRIMARY KEY,
        experiment_id text NOT NULL,
        started_at bigint NOT NULL,
        call jsonb NOT NULL,
        outcome jsonb
      );
      CREATE INDEX llm_experiment_calls_experiment ON llm_experiment_calls (experiment_id, started_at, call_id);
    `,
  },
];

export interface PostgresExperimentStoreOptions extends PgConnectionOptions {
  /** A connection shared with other stores of this package (closed by its owner, not by this store). */
  connection?: PgConnection;
}

/** How often, and how long apart, an outcome for a call not (yet) in the table is tried again. */
const UNKNOWN_CALL_RETRIES = 5;
const UNKNOWN_CALL_WAIT_MS = 100;

interface Row {
  call: Omit<ExperimentCallRecord, 'outcome'>;
  outcome: boolean | number | null;
}

/** JSON leaves `undefined` fields out; the record has each of them, as `undefined`. */
const FIELDS = ['unit', 'timeToFirstChunkMs', 'inputTokens', 'outputTokens', 'costUsd', 'error'] as const;

function toCall(row: Row): ExperimentCallRecord {
  const call: Record<string, unknown> = { ...row.call };
  for (const field of FIELDS) call[field] ??= undefined;
  if (row.outcome !== null) call.outcome = row.outcome;
  return call as unknown as ExperimentCallRecord;
}

/**
 * The calls of A/B experiments in PostgreSQL (`@llm/recommend`'s `ExperimentStore`, asynchronous):
 * shared by every process on the database and kept across restarts. `add` writes once per call id
 * (a repeated write is ignored); `setOutcome` first waits for this store's own write of that call,
 * and looks for a call another process is still writing for about half a second, so an outcome
 * reported right after a call ends finds it; `calls` returns an experiment's calls
 * oldest first.
 */
export class PostgresExperimentStore {
  /** This process's writes in flight, by call id. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly connection: PgConnection,
    private readonly ownsConnection: boolean,
  ) {}

  add(call: ExperimentCallRecord): Promise<void> {
    const { outcome, ...rest } = call;
    const write = this.connection.pool
      .query('INSERT INTO llm_experiment_calls (call_id, experiment_id, started_at, call, outcome) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (call_id) DO NOTHING', [
        call.callId,
        call.experimentId,
        Math.round(call.startedAt),
        JSON.stringify(rest),
        outcome === undefined ? null : JSON.stringify(outcome),
      ])
      .then(
        () => undefined,
        (err: unknown) => {
          throw postgresError(err, 'recording an experiment call');
        },
      )
      .finally(() => this.writing.delete(call.callId));
    this.writing.set(call.callId, write);
    return write;
  }

  async setOutcome(callId: string, outcome: boolean | number): Promise<boolean> {
    await this.writing.get(callId)?.catch(() => undefined);
    // Another process's write of the call may still be on its way (the client had the call id with
    // the reply's first bytes): an unknown call is looked for again for about half a second.
    for (let attempt = 0; ; attempt++) {
      let rowCount: number | null;
      try {
        ({ rowCount } = await this.connection.pool.query('UPDATE llm_experiment_calls SET outcome = $2 WHERE call_id = $1', [callId, JSON.stringify(outcome)]));
      } catch (err) {
        throw postgresError(err, 'recording an experiment outcome');
      }
      if (rowCount === 1) return true;
      if (attempt >= UNKNOWN_CALL_RETRIES) return false;
      await new Promise((resolve) => setTimeout(resolve, UNKNOWN_CALL_WAIT_MS));
    }
  }

  async calls(experimentId: string): Promise<readonly ExperimentCallRecord[]> {
    try {
      const { rows } = await this.connection.pool.query<Row>('SELECT call, outcome FROM llm_experiment_calls WHERE experiment_id = $1 ORDER BY started_at, call_id', [experimentId]);
      return rows.map(toCall);
    } catch (err) {
      throw postgresError(err, 'reading experiment calls');
    }
  }

  /** Waits for this store's writes in flight, then closes the pool if this store made it. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.writing.values()]);
    if (this.ownsConnection) await this.connection.close();
  }
}

/** Connects (or uses `connection`), brings the experiment table up to date, and returns the store. */
export async function createPostgresExperimentStore(options: PostgresExperimentStoreOptions): Promise<PostgresExperimentStore> {
  const connection = options.connection ?? connectPostgres(options);
  try {
    await migrate(connection, 'experiments', EXPERIMENT_MIGRATIONS);
  } catch (err) {
    if (!options.connection) await connection.close();
    throw postgresError(err, 'preparing the experiment table');
  }
  return new PostgresExperimentStore(connection, !options.connection);
}
