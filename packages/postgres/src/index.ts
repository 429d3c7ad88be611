export { connectPostgres, postgresError, isRetryableTransactionError, type PgConnection, type PgConnectionOptions } from './pg-connection.js';
export { migrate, type Migration } from './pg-migrations.js';
export { PostgresAnalyticsStore, createPostgresAnalyticsStore, ANALYTICS_MIGRATIONS, type PostgresAnalyticsStoreOptions } from './postgres-analytics-store.js';
export { PostgresApiKeyStore, createPostgresApiKeyStore, API_KEY_MIGRATIONS, type PostgresApiKeyStoreOptions } from './postgres-api-key-store.js';
export { PostgresBudgetStore, createPostgresBudgetStore, BUDGET_MIGRATIONS, type PostgresBudgetStoreOptions } from './postgres-budget-store.js';
export { PostgresExperimentStore, createPostgresExperimentStore, EXPERIMENT_MIGRATIONS, type ExperimentCallRecord, type PostgresExperimentStoreOptions } from './postgres-experiment-store.js';
