import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LLMError } from '@llm/errors';
import { describeIssues } from '@llm/schema';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { ModelsDevModelSchema, OpenRouterListingSchema, OpenRouterModelSchema, type ModelsDevModel, type OpenRouterModel } from './models-dev-schema.js';

/** The five vendors the catalog covers, as models.dev names their folders → the framework's provider ids. */
export const SNAPSHOT_PROVIDERS = { openai: 'openai', anthropic: 'anthropic', google: 'google', groq: 'groq', openrouter: 'openrouter' } as const;

export interface SnapshotModel {
  /** The framework's provider id. */
  provider: string;
  /** The vendor's model id: the file's path under `models/`, without `.toml`. */
  model: string;
  /** The file, relative to the snapshot folder (named in errors). */
  file: string;
  data: ModelsDevModel;
}

export interface Snapshot {
  commit: string;
  date: string;
  models: SnapshotModel[];
  openRouter: { file: string; models: OpenRouterModel[] };
}

function fail(file: string, message: string, fields?: string[]): never {
  throw new LLMError({ code: 'invalid_request', message: `${file}: ${message}`, retryable: false, details: { file, ...(fields ? { fields } : {}) } });
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = describeIssues(result.error.issues);
  return fail(file, fields.join('; '), fields);
}

function tomlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return tomlFiles(path);
      return entry.endsWith('.toml') ? [path] : [];
    });
}

/** The snapshot's commit and date, from its README ("commit <sha>, <YYYY-MM-DD>"). */
function readStamp(root: string): { commit: string; date: string } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = /commit ([0-9a-f]{40}),\s*(\d{4}-\d{2}-\d{2})/.exec(readme);
  if (!match) return fail('README.md', 'no "commit <sha>, <date>" line saying which models.dev snapshot this is');
  return { commit: match[1]!, date: match[2]! };
}

/**
 * Reads the model-facts folder: the models.dev TOML files of the five vendors and OpenRouter's
 * listing, each validated (a file that does not fit fails, naming the file and the field).
 */
export function readSnapshot(root: string): Snapshot {
  const base = join(root, 'models.dev');
  const models: SnapshotModel[] = [];
  for (const [folder, provider] of Object.entries(SNAPSHOT_PROVIDERS)) {
    const modelsDir = join(base, 'providers', folder, 'models');
    for (const path of tomlFiles(modelsDir)) {
      const file = relative(root, path).split(sep).join('/');
      let raw: unknown;
      try {
        raw = parseToml(readFileSync(path, 'utf8'));
      } catch (error) {
        fail(file, `not TOML: ${(error as Error).message.split('\n')[0]}`);
      }
      const model = relative(modelsDir, path).split(sep).join('/').replace(/\.toml$/, '');
      models.push({ provider, model, file, data: parsed(ModelsDevModelSchema, raw, file) });
    }
  }
  const listingFile = 'models.dev/openrouter-models-api.json';
  const listing = parsed(OpenRouterListingSchema, JSON.parse(readFileSync(join(root, listingFile), 'utf8')), listingFile);
  const openRouter = listing.data.map((entry, i) => parsed(OpenRouterModelSchema, entry, `${listingFile} data[${i}]`));
  return { ...readStamp(root), models, openRouter: { file: listingFile, models: openRouter } };
}
