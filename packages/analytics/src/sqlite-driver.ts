import { LLMError } from '@llm/errors';

/** The part of a prepared statement this package uses (libsql's, which follows better-sqlite3's API). */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** A function wrapped in a transaction; `immediate` takes the write lock at BEGIN. */
export interface SqliteTransaction<A extends unknown[]> {
  (...args: A): void;
  immediate(...args: A): void;
}

/** The part of the `Database` this package uses. */
export interface SqliteDatabase {
  pragma(source: string): unknown;
  exec(source: string): unknown;
  prepare(source: string): SqliteStatement;
  transaction<A extends unknown[]>(fn: (...args: A) => void): SqliteTransaction<A>;
  close(): unknown;
}

/**
 * Loads `libsql` when a SQLite store is first opened, so that nobody who does not use the file
 * store loads (or installs: it is an optional peer dependency) a native addon.
 */
export async function loadSqliteDriver(): Promise<(path: string) => SqliteDatabase> {
  let mod: { default: new (path: string) => unknown };
  try {
    mod = (await import('libsql')) as unknown as { default: new (path: string) => unknown };
  } catch (err) {
    throw new LLMError({
      code: 'configuration',
      message: 'the SQLite analytics store needs the libsql package, which is not installed: pnpm add libsql',
      cause: err,
    });
  }
  const Database = mod.default;
  return (path) => new Database(path) as SqliteDatabase;
}
