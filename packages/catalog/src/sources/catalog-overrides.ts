import { LLMError } from '@llm/errors';
import { builtSchema, lazySchema, parseOrThrow } from '@llm/schema';
import { z } from 'zod';
import {
  CAPABILITIES,
  LimitsSchema,
  ModalitiesSchema,
  PartialDateSchema,
  PricesSchema,
  ReasoningControlsSchema,
  StatusSchema,
  VerifiedAtSchema,
  type Capability,
  type Facts,
  type Source,
} from '../record/index.js';

const partial = <T extends z.ZodRawShape>(schema: z.ZodObject<T>) => schema.partial().strict();

/** One model's overrides: any fact of a record (by its provider:model id, or a new model). */
export const ModelOverrideSchema = lazySchema(() => z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*:.+$/, 'expected provider:model'),
    aliases: z.array(z.string().min(1)).optional(),
    displayName: z.string().min(1).optional(),
    family: z.string().min(1).optional(),
    status: partial(builtSchema(StatusSchema)).optional(),
    releaseDate: builtSchema(PartialDateSchema).optional(),
    lastUpdated: builtSchema(PartialDateSchema).optional(),
    knowledgeCutoff: builtSchema(PartialDateSchema).optional(),
    openWeights: z.boolean().optional(),
    limits: partial(builtSchema(LimitsSchema)).optional(),
    modalities: partial(builtSchema(ModalitiesSchema)).optional(),
    capabilities: z.object(Object.fromEntries(CAPABILITIES.map((c) => [c, z.boolean().optional()])) as Record<Capability, z.ZodOptional<z.ZodBoolean>>).strict().optional(),
    reasoningControls: builtSchema(ReasoningControlsSchema).optional(),
    prices: partial(builtSchema(PricesSchema)).optional(),
  })
  .strict());

/** A user's overrides: they win over every other source. `asOf` says when they were verified (default: when loaded). */
export const CatalogOverridesSchema = lazySchema(() => z
  .object({
    name: z.string().min(1).optional().describe('Names the overrides as a source (default "override").'),
    asOf: builtSchema(VerifiedAtSchema).optional(),
    models: z.array(builtSchema(ModelOverrideSchema)),
  })
  .strict());

export type ModelOverride = z.infer<typeof ModelOverrideSchema>;
export type CatalogOverrides = z.input<typeof CatalogOverridesSchema>;

/** Validated overrides; bad input is one `configuration` error naming every bad field. */
export function parseCatalogOverrides(value: unknown, what = 'catalog overrides'): z.infer<typeof CatalogOverridesSchema> {
  return parseOrThrow(CatalogOverridesSchema, value, what, 'configuration');
}

/** Overrides from YAML text (the `yaml` package is loaded on first use). */
export async function parseCatalogOverridesYaml(text: string, what = 'catalog overrides YAML'): Promise<z.infer<typeof CatalogOverridesSchema>> {
  const { parse } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new LLMError({ code: 'configuration', message: `invalid ${what}: not YAML: ${(error as Error).message.split('\n')[0]}`, retryable: false });
  }
  return parseCatalogOverrides(value, what);
}

/** Overrides as a source of the catalog. */
export function overrideSource(id: string, asOf: string): Source {
  return { id, kind: 'override', title: `user overrides (${id})`, version: null, asOf, url: null, licence: null };
}

/** One model override as facts. */
export function overrideFacts(override: ModelOverride, known: boolean): Facts {
  const facts: Facts = { id: true };
  const nested = ['status', 'limits', 'modalities', 'capabilities', 'prices'] as const;
  for (const [key, value] of Object.entries(override)) {
    if (key === 'id') continue;
    if ((nested as readonly string[]).includes(key)) {
      for (const [field, v] of Object.entries(value as Record<string, unknown>)) (facts as Record<string, unknown>)[`${key}.${field}`] = v;
    } else (facts as Record<string, unknown>)[key] = value;
  }
  if (!known && facts['status.value'] === undefined) facts['status.value'] = 'active';
  return facts;
}
