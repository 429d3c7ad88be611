import { LLMError } from '@llm/errors';
import { CallSettingsSchema, describeIssues, lazySchema, type CallSettings, type ChatRequest } from '@llm/schema';
import { z } from 'zod';
import type { ChatModel, Provider } from '../model/index.js';
import { type LLMClient, withMiddleware, type ClientOption } from '../client/index.js';
import type { ClientConfigInput } from '../config/index.js';
import type { ProviderFactory } from '../di/index.js';
import { applyMiddleware, wrapChatModel, type Middleware } from '../middleware/index.js';

/** Call settings a family fills in when a request leaves them unset. */
export type FamilyDefaults = CallSettings;

/** What `defineModelFamily` takes. */
export interface ModelFamilyDefinition {
  /** The family's own name, the same whoever serves it: `llama-3.3-70b`, `deepseek-r1`. */
  name: string;
  description?: string;
  /**
   * Vendor name → that vendor's id for the model, in order of preference:
   * `{ groq: 'llama-3.3-70b-versatile', openrouter: 'meta-llama/llama-3.3-70b-instruct' }`.
   */
  providers: Readonly<Record<string, string>>;
  /** Call settings for every request that leaves them unset (a coding model's low temperature). */
  defaults?: FamilyDefaults;
}

/** One model served by several vendors: a plain, frozen value. */
export interface ModelFamily {
  readonly name: string;
  readonly description: string | undefined;
  readonly providers: Readonly<Record<string, string>>;
  /** The vendors that serve it, in order of preference. */
  readonly providerNames: readonly string[];
  readonly defaults: Readonly<FamilyDefaults>;
  /** Provider factories `withProvider('name')` can use (see `withFactories`). */
  readonly factories: readonly ProviderFactory[];
  servedBy(provider: string): boolean;
  /** The vendor's id for this model; a `configuration` LLMError when that vendor does not serve it. */
  modelId(provider: string): string;
  /** The middleware that fills unset request fields from the family's defaults (the caller's values win). */
  middleware(): Middleware;
  /** The same family, able to resolve these factories by name. */
  withFactories(...factories: ProviderFactory[]): ModelFamily;
  /**
   * A client for this model on one vendor, with the family's defaults applied on the model side.
   * Give the vendor's factory (`groqProviderFactory`), its name (`'groq'`, resolved among the bound
   * factories), or nothing (the first vendor in the family's order that has a bound factory).
   */
  withProvider(provider?: ProviderFactory | string, config?: Partial<ClientConfigInput>, ...options: ClientOption[]): LLMClient;
  /** A bare model on an already built Provider, with the family's defaults. */
  chatModel(provider: Provider): ChatModel;
}

const FamilySchema = lazySchema(() => z.strictObject({
  name: z.string().min(1, 'a family name is required'),
  description: z.string().optional(),
  providers: z
    .record(z.string().min(1), z.string().min(1, 'a model id is required'))
    .refine((p) => Object.keys(p).length > 0, 'at least one provider must serve the family'),
  // Unknown keys are refused: a typo such as `temprature` must not be silently ignored.
  defaults: z.strictObject(CallSettingsSchema.shape).optional(),
}));

function configError(message: string, details?: Record<string, unknown>): LLMError {
  return new LLMError({ code: 'configuration', message, ...(details ? { details } : {}) });
}

function mergeRecords<T>(defaults: Record<string, T> | undefined, own: Record<string, T> | undefined): Record<string, T> | undefined {
  if (!defaults) return own;
  if (!own) return defaults;
  return { ...defaults, ...own };
}

/** The request with the family's defaults filled in where it left a field unset. */
export function applyFamilyDefaults<TOutput>(request: ChatRequest<TOutput>, defaults: Readonly<FamilyDefaults>): ChatRequest<TOutput> {
  let out: ChatRequest<TOutput> | undefined;
  for (const key of Object.keys(defaults) as Array<keyof FamilyDefaults>) {
    const value = defaults[key];
    if (value === undefined) continue;
    if (key === 'providerOptions') {
      const own = request.providerOptions;
      const merged: Record<string, Record<string, unknown>> = { ...(value as Record<string, Record<string, unknown>>) };
      for (const vendor of Object.keys(own ?? {})) merged[vendor] = mergeRecords(merged[vendor], own![vendor]) ?? {};
      out ??= { ...request };
      out.providerOptions = merged;
    } else if (key === 'tags') {
      out ??= { ...request };
      out.tags = mergeRecords(value as Record<string, string>, request.tags);
    } else if (request[key] === undefined) {
      out ??= { ...request };
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out ?? request;
}

/** A middleware that fills unset request fields from `defaults`; explicit values of the caller win. */
export function familyDefaultsMiddleware(defaults: Readonly<FamilyDefaults>): Middleware {
  return (model) =>
    Object.keys(defaults).length === 0
      ? model
      : wrapChatModel(model, {
          chat: (request, options, next) => next.chat(applyFamilyDefaults(request, defaults), options),
          streamChat: (request, options, next) => next.streamChat(applyFamilyDefaults(request, defaults), options),
        });
}

function build(definition: z.output<typeof FamilySchema>, factories: readonly ProviderFactory[]): ModelFamily {
  const providers = Object.freeze({ ...definition.providers });
  const providerNames = Object.freeze(Object.keys(providers));
  const defaults: Readonly<FamilyDefaults> = Object.freeze({ ...(definition.defaults ?? {}) });
  const middleware = familyDefaultsMiddleware(defaults);
  const boundFactories = Object.freeze([...factories]);

  const modelId = (provider: string): string => {
    const id = providers[provider];
    if (id === undefined) {
      throw configError(`model family "${definition.name}" is not served by "${provider}" (served by: ${providerNames.join(', ')})`, {
        family: definition.name,
        provider,
      });
    }
    return id;
  };

  const pickFactory = (provider: ProviderFactory | string | undefined): ProviderFactory => {
    if (provider !== undefined && typeof provider !== 'string') return provider;
    const loaded = boundFactories.map((f) => f.name);
    if (provider === undefined) {
      const first = providerNames.map((name) => boundFactories.find((f) => f.name === name)).find((f) => f !== undefined);
      if (first) return first;
      throw configError(
        `model family "${definition.name}": none of its providers (${providerNames.join(', ')}) has a provider factory bound (bound: ${loaded.join(', ') || 'none'}); pass one, e.g. family.withProvider(groqProviderFactory)`,
      );
    }
    modelId(provider);
    const found = boundFactories.find((f) => f.name === provider);
    if (!found) {
      throw configError(
        `model family "${definition.name}": no provider factory named "${provider}" is bound (bound: ${loaded.join(', ') || 'none'}); pass the factory itself or bind it with family.withFactories(...)`,
      );
    }
    return found;
  };

  const family: ModelFamily = {
    name: definition.name,
    description: definition.description,
    providers,
    providerNames,
    defaults,
    factories: boundFactories,
    servedBy: (provider) => providers[provider] !== undefined,
    modelId,
    middleware: () => middleware,
    withFactories: (...more) => build(definition, [...more, ...boundFactories.filter((f) => !more.some((m) => m.name === f.name))]),
    withProvider(provider, config = {}, ...options) {
      const factory = pickFactory(provider);
      const id = modelId(factory.name);
      if (config.model !== undefined && config.model !== id) {
        throw configError(`model family "${definition.name}" is "${id}" on ${factory.name}; config.model "${config.model}" contradicts it (leave it out)`);
      }
      if (config.provider !== undefined && config.provider !== factory.name) {
        throw configError(`model family "${definition.name}": config.provider "${config.provider}" contradicts the provider factory "${factory.name}"`);
      }
      // The family's defaults are the outermost middleware: every other one sees the filled request.
      return factory.createClient({ ...config, provider: factory.name, model: id }, withMiddleware(middleware), ...options);
    },
    chatModel: (provider) => applyMiddleware(provider.chatModel(modelId(provider.name)), middleware),
  };
  return Object.freeze(family);
}

/**
 * Defines a model family: one model by its own name, served by several vendors under their own ids,
 * with default call settings. A plain value: nothing is registered anywhere.
 *
 * ```ts
 * const llama = defineModelFamily({
 *   name: 'llama-3.3-70b',
 *   defaults: { temperature: 0.2 },
 *   providers: { groq: 'llama-3.3-70b-versatile', openrouter: 'meta-llama/llama-3.3-70b-instruct' },
 * });
 * const fast = llama.withProvider(groqProviderFactory);
 * ```
 */
export function defineModelFamily(definition: ModelFamilyDefinition, ...factories: ProviderFactory[]): ModelFamily {
  const result = FamilySchema.safeParse(definition);
  if (!result.success) {
    const fields = describeIssues(result.error.issues);
    const name = typeof definition?.name === 'string' && definition.name ? ` "${definition.name}"` : '';
    throw configError(`invalid model family${name}: ${fields.join('; ')}`, { fields });
  }
  return build(result.data, factories);
}

/** A lookup of model families by name. */
export interface ModelCatalog {
  readonly families: readonly ModelFamily[];
  /** The family of that name; a `configuration` LLMError naming the known ones otherwise. */
  get(name: string): ModelFamily;
  find(name: string): ModelFamily | undefined;
  /** The families a vendor serves. */
  servedBy(provider: string): ModelFamily[];
  /** `catalog.get(family).withProvider(provider, config, ...options)`. */
  withProvider(family: string, provider?: ProviderFactory | string, config?: Partial<ClientConfigInput>, ...options: ClientOption[]): LLMClient;
}

export interface ModelCatalogOptions {
  /** Provider factories bound to every family, so providers can be named: `catalog.withProvider('llama-3.3-70b', 'groq')`. */
  factories?: readonly ProviderFactory[];
}

/** A catalog of families, built once from plain values (names must be unique). */
export function createModelCatalog(families: readonly ModelFamily[], options: ModelCatalogOptions = {}): ModelCatalog {
  const factories = options.factories ?? [];
  const byName = new Map<string, ModelFamily>();
  for (const family of families) {
    if (byName.has(family.name)) throw configError(`model catalog: the family "${family.name}" is defined twice`);
    byName.set(family.name, factories.length > 0 ? family.withFactories(...factories) : family);
  }
  const list = Object.freeze([...byName.values()]);
  const get = (name: string): ModelFamily => {
    const family = byName.get(name);
    if (!family) throw configError(`model catalog: no family "${name}" (known: ${[...byName.keys()].join(', ') || 'none'})`);
    return family;
  };
  return Object.freeze({
    families: list,
    get,
    find: (name: string) => byName.get(name),
    servedBy: (provider: string) => list.filter((f) => f.servedBy(provider)),
    withProvider: (family: string, provider?: ProviderFactory | string, config?: Partial<ClientConfigInput>, ...rest: ClientOption[]) =>
      get(family).withProvider(provider, config, ...rest),
  });
}
