import type BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { configError } from '../errors/usage-error.js';

export type SqliteDatabase = BetterSqlite3.Database;

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (err) {
    throw configError(
      `cannot load better-sqlite3 (the embedded database of sessions and circuit state): ${(err as Error).message.split('\n')[0]}`,
      'reinstall so that better-sqlite3 can fetch or build its native binding (building needs python3, make and a C++ compiler)',
      err,
    );
  }
}

/**
 * Opens (or creates) an SQLite file with better-sqlite3: WAL journal (readers never wait for a
 * writer; a process killed mid-write leaves every committed transaction), foreign keys on, a busy
 * timeout for other `llm` processes, and the schema brought up to date by `migrations` (one SQL
 * script per version, recorded in `PRAGMA user_version`; a file from a newer `llm` is refused).
 */
export async function openSqliteFile(path: string, migrations: readonly string[]): Promise<SqliteDatabase> {
  const Database = await loadDriver();
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw configError(`${path} was written by a newer llm (schema ${version}, this one knows ${migrations.length})`, 'upgrade llm, or point XDG_DATA_HOME and XDG_STATE_HOME elsewhere');
    }
    db.transaction(() => {
      for (let v = version; v < migrations.length; v++) db.exec(migrations[v]!);
      db.pragma(`user_version = ${migrations.length}`);
    }).immediate();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
