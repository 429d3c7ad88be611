import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LLMError } from '@llm/errors';
import { describeIssues } from '@llm/schema';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { ModelsDevModelSchema, OpenRouterListingSchema, OpenRouterModelSchema } from './models-dev-schema.js';
import { SNAPSHOT_FORMAT_VERSION, SNAPSHOT_PROVIDERS, type Snapshot, type SnapshotModel } from './snapshot-schema.js';

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

/** The snapshot's repository, commit and date, from its README ("(github.com/<repo>, commit <sha>, <YYYY-MM-DD>"). */
function readStamp(root: string): { repository: string; commit: string; date: string } {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const match = /\((github\.com\/[^\s,]+),\s*commit ([0-9a-f]{40}),\s*(\d{4}-\d{2}-\d{2})/.exec(readme);
  if (!match) return fail('README.md', 'no "(github.com/<repo>, commit <sha>, <date>" line saying which models.dev snapshot this is');
  return { repository: match[1]!, commit: match[2]!, date: match[3]! };
}

function readLicence(root: string): string {
  const file = 'models.dev/LICENSE';
  const text = readFileSync(join(root, file), 'utf8');
  if (!/^MIT License/.test(text)) fail(file, 'not the MIT licence the catalog relies on');
  return text;
}

/**
 * Stage 1: reads the upstream model-facts folder (the models.dev TOML files of the five vendors and
 * OpenRouter's listing), each file validated (one that does not fit fails, naming the file and the
 * field) and cut to the fields the conversion reads.
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
  const openRouterFile = 'models.dev/openrouter-models-api.json';
  const listing = parsed(OpenRouterListingSchema, JSON.parse(readFileSync(join(root, openRouterFile), 'utf8')), openRouterFile);
  const openRouter = listing.data.map((entry, i) => parsed(OpenRouterModelSchema, entry, `${openRouterFile} data[${i}]`));
  return { formatVersion: SNAPSHOT_FORMAT_VERSION, ...readStamp(root), licence: 'MIT', licenceText: readLicence(root), openRouterFile, models, openRouter };
}
