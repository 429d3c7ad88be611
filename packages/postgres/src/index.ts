export { connectPostgres, postgresError, isRetryableTransactionError, type PgConnection, type PgConnectionOptions } from './pg-connection.js';
export { migrate, type Migration } from './pg-migrations.js';
export { PostgresAnalyticsStore, createPostgresAnalyticsStore, ANALYTICS_MIGRATIONS, type PostgresAnalyticsStoreOptions } from './postgres-analytics-store.js';
