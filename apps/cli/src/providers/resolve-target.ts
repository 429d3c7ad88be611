import type { CliConfig } from '../config/cli-config.js';
import { configError } from '../errors/usage-error.js';
import { isProviderName, PROVIDER_NAMES, PROVIDERS, type ProviderName } from './provider-registry.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Where a call goes: one vendor's model, reached directly, through the built-in mock, or through a gateway. */
export type Target =
  | {
      kind: 'vendor';
      provider: ProviderName;
      model: string;
      /** `provider:model` */
      id: string;
      apiKey: string;
      /** `env:OPENAI_API_KEY` or `config` (never the key itself). */
      keySource: string;
      baseUrl: string | undefined;
    }
  | { kind: 'mock'; provider: ProviderName; model: string; id: string; missingKey: string }
  | { kind: 'gateway'; url: string; apiKey: string | undefined; model: string; id: string };

/** A key found for a provider, and where it came from. */
export interface FoundKey {
  apiKey: string;
  source: string;
}

export function findKey(provider: ProviderName, env: Env, config: CliConfig): FoundKey | undefined {
  for (const variable of PROVIDERS[provider].keyVariables) {
    const value = env[variable]?.trim();
    if (value) return { apiKey: value, source: `env:${variable}` };
  }
  const fromFile = config.providers?.[provider]?.apiKey;
  return fromFile ? { apiKey: fromFile, source: 'config' } : undefined;
}

export function findBaseUrl(provider: ProviderName, env: Env, config: CliConfig): string | undefined {
  return env[PROVIDERS[provider].baseUrlVariable]?.trim() || config.providers?.[provider]?.baseUrl;
}

/** The providers with a key, in the registry's order. */
export function configuredProviders(env: Env, config: CliConfig): ProviderName[] {
  return PROVIDER_NAMES.filter((name) => findKey(name, env, config) !== undefined);
}

/** A model spec after aliases: a provider and maybe a model (undefined: the provider's default). */
export interface ModelSpec {
  provider: ProviderName;
  model: string | undefined;
}

/**
 * Reads a model spec: a config alias, `provider:model`, or a bare provider name (catalog aliases are
 * read before, by {@link resolveTarget}). Anything else is a
 * configuration error naming it, with a hint.
 */
export function parseModelSpec(spec: string, config: CliConfig): ModelSpec {
  const aliased = config.aliases?.[spec] ?? spec;
  const at = aliased.indexOf(':');
  const provider = at < 0 ? aliased : aliased.slice(0, at);
  const model = at < 0 ? undefined : aliased.slice(at + 1);
  if (!isProviderName(provider)) {
    if (at < 0) {
      throw configError(
        `unknown model "${spec}": give provider:model or an alias`,
        `e.g. -m openai:gpt-4o-mini; providers: ${PROVIDER_NAMES.join(', ')}; aliases live under "aliases:" in the config file`,
      );
    }
    throw configError(`unknown provider "${provider}" in "${spec}"`, `the providers are ${PROVIDER_NAMES.join(', ')}`);
  }
  if (model === '') throw configError(`model spec "${spec}" names no model after the colon`, `e.g. ${provider}:<model>, or just ${provider} for its default`);
  return { provider, model };
}

/**
 * A name that is neither a config alias, `provider:model` nor a provider: the catalog's id for it
 * when the catalog knows it as an alias or as a model id only one provider has
 * (`claude-haiku-4-5`, `gpt-4o-mini`); otherwise the name unchanged. An id several providers
 * share is the catalog's `invalid_request` error listing them.
 */
async function fromCatalog(given: string, config: CliConfig): Promise<string> {
  if (config.aliases?.[given] !== undefined || given.includes(':') || isProviderName(given)) return given;
  const { defaultCatalog } = await import('@llm/catalog');
  const record = defaultCatalog().get(given);
  return record && isProviderName(record.provider) ? record.id : given;
}

export interface ResolveOptions {
  /** `-m` */
  model?: string | undefined;
  /** `--gateway` (or the config's gateway). */
  gateway?: { url: string; apiKey: string | undefined } | undefined;
  /** false: a missing key is an error instead of the mock. */
  allowMock: boolean;
  /** The provider's default model, from its package (loaded lazily). */
  defaultModel(provider: ProviderName): Promise<string>;
}

/**
 * Where `-m` (or the config, or `LLM_MODEL`, or the first provider with a key) sends a call. With
 * no key for that provider: the built-in mock of that vendor, or an error when the mock is off.
 */
export async function resolveTarget(env: Env, config: CliConfig, options: ResolveOptions): Promise<Target> {
  const given = options.model ?? config.model ?? (env.LLM_MODEL?.trim() || undefined);
  if (options.gateway) {
    // The gateway knows its own model names; only local aliases are read here.
    const model = given === undefined ? 'openai:gpt-4o-mini' : (config.aliases?.[given] ?? given);
    return { kind: 'gateway', url: options.gateway.url, apiKey: options.gateway.apiKey, model, id: model };
  }
  const spec: ModelSpec = given !== undefined ? parseModelSpec(await fromCatalog(given, config), config) : { provider: configuredProviders(env, config)[0] ?? 'openai', model: undefined };
  const model = spec.model ?? config.providers?.[spec.provider]?.model ?? (await options.defaultModel(spec.provider));
  const id = `${spec.provider}:${model}`;
  const key = findKey(spec.provider, env, config);
  if (key) return { kind: 'vendor', provider: spec.provider, model, id, apiKey: key.apiKey, keySource: key.source, baseUrl: findBaseUrl(spec.provider, env, config) };
  const missingKey = PROVIDERS[spec.provider].keyVariables.join(' or ');
  if (!options.allowMock) {
    throw configError(`no key for ${spec.provider}: ${missingKey} is not set`, `set ${PROVIDERS[spec.provider].keyVariables[0]}, or put providers.${spec.provider}.apiKey in the config file`);
  }
  return { kind: 'mock', provider: spec.provider, model, id, missingKey };
}
