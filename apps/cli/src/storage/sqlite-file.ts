import type Libsql from 'libsql';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { configError } from '../errors/usage-error.js';

export type SqliteDatabase = Libsql.Database;

async function loadDriver(): Promise<typeof Libsql> {
  try {
    return (await import('libsql')).default;
  } catch (err) {
    throw configError(
      `cannot load libsql (the embedded database of sessions and circuit state): ${(err as Error).message.split('\n')[0]}`,
      'reinstall @llm/cli so that libsql and its prebuilt binary for this platform (@libsql/<platform>) are installed',
      err,
    );
  }
}

/** One row of a query as `T` (libsql's rows are untyped, and carry a `_metadata` field no caller reads). */
export const rowOf = <T>(row: unknown): T | undefined => row as T | undefined;
/** Every row of a query as `T`. */
export const rowsOf = <T>(rows: unknown[]): T[] => rows as T[];

/**
 * Opens (or creates) an SQLite file with libsql (SQLite with prebuilt binaries on npm, nothing
 * compiled at install; the driver @llm/analytics' file store uses): WAL journal (readers never
 * wait for a writer; a process killed mid-write leaves every committed transaction), foreign keys
 * on, a busy timeout for other `llm` processes, and the schema brought up to date by `migrations`
 * (one SQL script per version, recorded in `PRAGMA user_version`; a file from a newer `llm` is
 * refused).
 */
export async function openSqliteFile(path: string, migrations: readonly string[]): Promise<SqliteDatabase> {
  const Database = await loadDriver();
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const version = rowOf<{ user_version: number }>(db.prepare('PRAGMA user_version').get())!.user_version;
    if (version > migrations.length) {
      throw configError(`${path} was written by a newer llm (schema ${version}, this one knows ${migrations.length})`, 'upgrade llm, or point XDG_DATA_HOME and XDG_STATE_HOME elsewhere');
    }
    db.transaction(() => {
      for (let v = version; v < migrations.length; v++) db.exec(migrations[v]!);
      db.exec(`PRAGMA user_version = ${migrations.length}`);
    }).immediate();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
