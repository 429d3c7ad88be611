import { createRequire } from 'node:module';
import { LLMError } from '@llm/errors';
import type * as Inversify from 'inversify';
import type { Container, ContainerModule, ServiceIdentifier } from 'inversify';
import { type LLMClient, withLogger, type ClientOption } from '../client/index.js';
import { mergeConfig, type ClientConfigInput } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { parseModelId } from '../model/index.js';

/** How a provider package makes clients; each package's ContainerModule binds one. */
export interface ProviderFactory {
  readonly name: string;
  createClient(config: Partial<ClientConfigInput>, ...options: ClientOption[]): LLMClient;
}

/** Service identifiers of the framework. */
export const LLM_TYPES = {
  /** Every loaded provider package binds one (multi-binding). */
  ProviderFactory: Symbol.for('@llm/core.ProviderFactory') as ServiceIdentifier<ProviderFactory>,
  /** Shared defaults merged under every resolved client's config (timeouts, limits, logging). */
  ClientDefaults: Symbol.for('@llm/core.ClientDefaults') as ServiceIdentifier<Partial<ClientConfigInput>>,
  Logger: Symbol.for('@llm/core.Logger') as ServiceIdentifier<Logger>,
} as const;

export interface CoreModuleOptions {
  defaults?: Partial<ClientConfigInput>;
  logger?: Logger;
}

const require = createRequire(import.meta.url);

/**
 * inversify, loaded on the first module built (about 245 files: an application that never builds
 * a container never loads it; one that does has already loaded it, so this is a cache hit).
 */
function containerModule(load: ConstructorParameters<typeof ContainerModule>[0]): ContainerModule {
  const inversify = require('inversify') as typeof Inversify;
  return new inversify.ContainerModule(load);
}

/** Binds the shared defaults and logger. Load it, then each provider's module. */
export function coreModule(options: CoreModuleOptions = {}): ContainerModule {
  return containerModule(({ bind }) => {
    bind(LLM_TYPES.ClientDefaults).toConstantValue(options.defaults ?? {});
    if (options.logger) bind(LLM_TYPES.Logger).toConstantValue(options.logger);
  });
}

/** Binds one provider factory; provider packages use this in their own module. */
export function providerModule(factory: ProviderFactory): ContainerModule {
  return containerModule(({ bind }) => {
    bind(LLM_TYPES.ProviderFactory).toConstantValue(factory);
  });
}

/** Resolves `provider:model` against a list of provider factories, no container needed. */
export function resolveClient(
  factories: readonly ProviderFactory[],
  id: string,
  defaults: Partial<ClientConfigInput> = {},
  ...options: ClientOption[]
): LLMClient {
  const { provider, model } = parseModelId(id);
  const factory = factories.find((f) => f.name === provider);
  if (!factory) {
    const known = factories.map((f) => f.name).join(', ') || 'none';
    throw new LLMError({ code: 'configuration', message: `no provider "${provider}" is registered (loaded: ${known}); install and load @llm/${provider}` });
  }
  return factory.createClient(mergeConfig(defaults, { provider, model }), ...options);
}

/** Resolves `provider:model` from a container into which provider modules were loaded. */
export function resolveClientFromContainer(container: Container, id: string, ...options: ClientOption[]): LLMClient {
  const factories = container.isBound(LLM_TYPES.ProviderFactory) ? container.getAll(LLM_TYPES.ProviderFactory) : [];
  const defaults = container.isBound(LLM_TYPES.ClientDefaults) ? container.get(LLM_TYPES.ClientDefaults) : {};
  const extra = container.isBound(LLM_TYPES.Logger) ? [withLogger(container.get(LLM_TYPES.Logger))] : [];
  return resolveClient(factories, id, defaults, ...extra, ...options);
}
