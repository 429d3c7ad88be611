import { InMemoryApiKeyStore, type ApiKeyStore, type BudgetStore } from '@llm/core';
import type { Analytics, AnalyticsStore } from '@llm/analytics';
import type { ExperimentStore } from '@llm/recommend';
import type { ResolvedGatewayConfig } from '../config/gateway-config-load.js';

/** Tags that split the analytics roll-ups: the client key (spend and calls per key); raw records keep every tag. */
const ROLLUP_TAG_KEYS = ['key'];

/** Where the gateway keeps what outlives a call: issued client keys and the analytics records of every call. */
export interface RecordStores {
  /** Keys issued through the admin API. */
  keys: ApiKeyStore;
  /** Whether other processes change the key store too (then a key's record is cached a few seconds, not forever). */
  sharedKeys: boolean;
  /** Every upstream call and attempt (`@llm/analytics`), unless `telemetry.analytics` is off. */
  analytics: Analytics | undefined;
  /** The calls of `experiment` routes in PostgreSQL (with `stores.postgres`); memory otherwise. */
  experiments: ExperimentStore | undefined;
  /** The keys' budgets in PostgreSQL (with `stores.postgres`): spend kept across restarts and shared by replicas. */
  budget: BudgetStore | undefined;
  /** Why the database cannot be reached (a cheap `SELECT 1`, at most `READY_TIMEOUT_MS`), or undefined when it can or there is none. */
  notReady(): Promise<string | undefined>;
  /** Writes what is queued and closes the stores (and the PostgreSQL pool). */
  close(): Promise<void>;
}

/**
 * Memory by default; with `stores.postgres`, one PostgreSQL pool (`@llm/postgres`) for the key store
 * and the analytics store, so that issued keys and the record of every call (spend included) are
 * shared by replicas and survive restarts. `@llm/postgres` and `@llm/analytics` load only when used.
 */
export async function openRecordStores(config: ResolvedGatewayConfig, givenKeyStore: ApiKeyStore | undefined): Promise<RecordStores> {
  const enabled = config.telemetry.analytics;
  const postgres = config.stores.postgres;
  if (!postgres) {
    const analytics = enabled ? await openAnalytics(undefined) : undefined;
    return {
      keys: givenKeyStore ?? new InMemoryApiKeyStore(),
      sharedKeys: givenKeyStore !== undefined,
      analytics,
      experiments: undefined,
      budget: undefined,
      notReady: async () => undefined,
      close: async () => analytics?.close(),
    };
  }
  const { connectPostgres, createPostgresAnalyticsStore, createPostgresApiKeyStore, createPostgresBudgetStore, createPostgresExperimentStore, postgresError } = await import('@llm/postgres');
  const connection = connectPostgres({ connectionString: postgres.url, poolOptions: { max: postgres.poolSize } });
  try {
    const keys = givenKeyStore ?? (await createPostgresApiKeyStore({ connection }));
    const budget = await createPostgresBudgetStore({ connection });
    const experiments = await createPostgresExperimentStore({ connection });
    const analytics = enabled ? await openAnalytics(await createPostgresAnalyticsStore({ connection, rollupTagKeys: ROLLUP_TAG_KEYS })) : undefined;
    return {
      keys,
      sharedKeys: true,
      analytics,
      budget,
      experiments,
      notReady: () => databaseNotReady(() => connection.pool.query('SELECT 1'), (err) => postgresError(err, 'the readiness check').message),
      close: async () => {
        await experiments.close();
        await analytics?.close();
        await connection.close();
      },
    };
  } catch (err) {
    await connection.close();
    throw err;
  }
}

/** How long `/readyz` waits for the database's answer. */
const READY_TIMEOUT_MS = 2_000;

async function databaseNotReady(ping: () => Promise<unknown>, describe: (err: unknown) => string): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([ping(), timeout]);
    return undefined;
  } catch (err) {
    // The reply is public: postgresError masks any password in the driver's message.
    return `PostgreSQL is unreachable (${describe(err)})`;
  } finally {
    clearTimeout(timer);
  }
}

async function openAnalytics(store: AnalyticsStore | undefined): Promise<Analytics> {
  const { createAnalytics, MemoryAnalyticsStore } = await import('@llm/analytics');
  return createAnalytics({ store: store ?? new MemoryAnalyticsStore({ rollupTagKeys: ROLLUP_TAG_KEYS }) });
}
