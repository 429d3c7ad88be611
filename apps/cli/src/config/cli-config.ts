import { LLMError } from '@llm/errors';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { configError } from '../errors/usage-error.js';
import { PROVIDER_NAMES } from '../providers/provider-registry.js';

const ProviderSectionSchema = z
  .object({
    /** The vendor key (the environment variable wins when both are set). */
    apiKey: z.string().min(1).optional(),
    /** The vendor's base URL (`<PROVIDER>_BASE_URL` wins). */
    baseUrl: z.url().optional(),
    /** The model `-m PROVIDER` (with no model) means. */
    model: z.string().min(1).optional(),
  })
  .strict();

const providerSections = Object.fromEntries(PROVIDER_NAMES.map((name) => [name, ProviderSectionSchema.optional()])) as Record<
  (typeof PROVIDER_NAMES)[number],
  z.ZodOptional<typeof ProviderSectionSchema>
>;

/** The CLI's config file (`$XDG_CONFIG_HOME/llm/config.yaml`). Unknown fields are errors (typos). */
export const CliConfigSchema = z
  .object({
    /** The default model, `provider:model` or an alias. */
    model: z.string().min(1).optional(),
    /** Short names for models: `fast: groq:llama-3.1-8b-instant`. */
    aliases: z.record(z.string().regex(/^[\w.-]+$/, 'an alias is letters, digits, ".", "_" or "-"'), z.string().min(1)).optional(),
    providers: z.object(providerSections).strict().optional(),
    /** Client settings for every call (timeout, retry, rateLimit, cost, cache...): @llm/core's ClientConfig fields. */
    client: z.record(z.string(), z.unknown()).optional(),
    /** Send every call through this gateway (`--gateway` wins). */
    gateway: z.object({ url: z.url(), apiKey: z.string().min(1).optional() }).strict().optional(),
    /** Answer from the built-in mock when no key is set (default true; `--no-mock` turns it off for one call). */
    mock: z.boolean().optional(),
  })
  .strict();

export type CliConfig = z.infer<typeof CliConfigSchema>;

/** The config file as read, or an empty config when there is none (and it was not named explicitly). */
export interface LoadedConfig {
  path: string;
  exists: boolean;
  config: CliConfig;
}

/** `a.b: message` for every bad field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top level)'}: ${issue.message}`);
}

/** Reads and validates the config file; every bad field is named in one `configuration` error. */
export async function loadCliConfig(path: string, explicit: boolean): Promise<LoadedConfig> {
  if (!existsSync(path)) {
    if (explicit) throw configError(`config file ${path} does not exist`, 'check the path given to --config or LLM_CONFIG');
    return { path, exists: false, config: {} };
  }
  let doc: unknown;
  try {
    const { parse } = await import('yaml');
    doc = parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw configError(`config file ${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`, 'fix the YAML syntax at the line named', err);
  }
  const parsed = CliConfigSchema.safeParse(doc ?? {});
  if (!parsed.success) {
    const fields = describeIssues(parsed.error.issues);
    throw new LLMError({
      code: 'configuration',
      message: `config file ${path} is invalid: ${fields.join('; ')}`,
      local: true,
      details: { fields, hint: 'llm config validate explains each field; the format is in the llm README' },
    });
  }
  return { path, exists: true, config: parsed.data };
}
