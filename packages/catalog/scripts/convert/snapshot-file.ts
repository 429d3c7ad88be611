import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LLMError } from '@llm/errors';
import { describeIssues } from '@llm/schema';
import { SnapshotSchema, type Snapshot } from './snapshot-schema.js';

/** Where the normalised snapshot is committed: `packages/catalog/sources/`. */
export const SNAPSHOTS_DIR_URL = new URL('../../sources/', import.meta.url);

/** `models-dev-<date>.json`: one committed snapshot at a time (stage 1 replaces the previous one). */
export const snapshotFileName = (snapshot: Pick<Snapshot, 'date'>): string => `models-dev-${snapshot.date}.json`;
const SNAPSHOT_FILE = /^models-dev-\d{4}-\d{2}-\d{2}\.json$/;

/** The committed snapshot files in `dir` (normally exactly one). */
export function snapshotFiles(dir: URL = SNAPSHOTS_DIR_URL): string[] {
  return readdirSync(dir)
    .filter((f) => SNAPSHOT_FILE.test(f))
    .sort();
}

/**
 * The snapshot as committed: its header fields, then one model file per line and one OpenRouter
 * entry per line, so that an update of the snapshot is a readable diff. Deterministic.
 */
export function serializeSnapshot(snapshot: Snapshot): string {
  const { models, openRouter, ...head } = SnapshotSchema.parse(snapshot);
  const lines = (items: readonly unknown[]): string => items.map((item) => JSON.stringify(item)).join(',\n');
  return `${JSON.stringify(head).slice(0, -1)},\n"models":[\n${lines(models)}\n],\n"openRouter":[\n${lines(openRouter)}\n]}\n`;
}

/** Parses and validates a committed snapshot; a value that does not fit fails naming `file` and every bad field. */
export function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LLMError({ code: 'invalid_request', message: `${file}: not JSON: ${(error as Error).message}`, retryable: false, details: { file } });
  }
  const result = SnapshotSchema.safeParse(value);
  if (result.success) return result.data;
  const fields = describeIssues(result.error.issues);
  throw new LLMError({ code: 'invalid_request', message: `${file}: ${fields.join('; ')}`, retryable: false, details: { file, fields } });
}

/** The one committed snapshot (`sources/models-dev-<date>.json`), validated; fails when there is none or more than one. */
export function readCommittedSnapshot(dir: URL = SNAPSHOTS_DIR_URL): { file: string; text: string; snapshot: Snapshot } {
  const files = snapshotFiles(dir);
  if (files.length !== 1) {
    throw new LLMError({
      code: 'configuration',
      message: `${fileURLToPath(dir)}: expected exactly one models-dev-<date>.json snapshot, found ${files.length === 0 ? 'none' : files.join(', ')}`,
      retryable: false,
    });
  }
  const file = `sources/${files[0]!}`;
  const text = readFileSync(new URL(files[0]!, dir), 'utf8');
  return { file, text, snapshot: parseSnapshot(text, file) };
}
