import { z } from 'zod';
import { ModelsDevModelSchema, OpenRouterModelSchema } from './models-dev-schema.js';

/** The five vendors the catalog covers, as models.dev names their folders → the framework's provider ids. */
export const SNAPSHOT_PROVIDERS = { openai: 'openai', anthropic: 'anthropic', google: 'google', groq: 'groq', openrouter: 'openrouter' } as const;

export const SNAPSHOT_FORMAT_VERSION = 1;

const SnapshotModelSchema = z.strictObject({
  /** The framework's provider id. */
  provider: z.enum(Object.values(SNAPSHOT_PROVIDERS)),
  /** The vendor's model id: the file's path under `models/`, without `.toml`. */
  model: z.string().min(1),
  /** The upstream file, relative to the model-facts folder (named in errors). */
  file: z.string().min(1),
  data: ModelsDevModelSchema,
});

/**
 * The normalised model-facts snapshot committed in `packages/catalog/sources/`: the models.dev files of
 * the five vendors and OpenRouter's listing, cut to the fields the conversion reads, with the upstream
 * repository, commit, date and licence. Stage 1 (`import:snapshot`) writes it; stage 2 (`build:data`)
 * reads only it.
 */
export const SnapshotSchema = z.strictObject({
  formatVersion: z.literal(SNAPSHOT_FORMAT_VERSION),
  repository: z.string().min(1),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'expected a 40-digit git commit'),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  licence: z.literal('MIT'),
  licenceText: z.string().min(1),
  openRouterFile: z.string().min(1),
  models: z.array(SnapshotModelSchema),
  openRouter: z.array(OpenRouterModelSchema),
});

export type Snapshot = z.output<typeof SnapshotSchema>;
export type SnapshotModel = Snapshot['models'][number];
