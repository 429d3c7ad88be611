import {
  configFromEnv,
  createFallbackModel,
  mergeConfig,
  resolveSetup,
  retryMiddleware,
  type ChatModel,
  type ClientConfigInput,
  type ClientOption,
  type FallbackEvent,
  type LLMClient,
  type RetryEvent,
  withStores,
  type CircuitBreakerStore,
  type Middleware,
} from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import type { CliConfig } from '../config/cli-config.js';
import { startMockBackend, type MockBackend } from '../mock/mock-backend.js';
import { PROVIDERS } from './provider-registry.js';
import type { Target } from './resolve-target.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What the command line adds to the client settings of every call. */
export interface CallSettingsFlags {
  /** `--max-cost`: refused before sending when the worst case is above it (USD). */
  maxCost?: number | undefined;
  /** `--timeout` */
  timeout?: string | undefined;
  /** `--retries` */
  retries?: number | undefined;
}

export interface OpenModelHooks {
  onRetry?(event: RetryEvent): void;
  onFallback?(event: FallbackEvent): void;
  /** Where the vendors' circuits live (shared by every `llm` process); in memory when absent. */
  circuits?: CircuitBreakerStore;
  /**
   * Records the calls to vendors and gateways (never the mock's): `attempts` goes into each client's
   * stack, `calls` wraps each target outside its retries, so that a call is one record.
   */
  recording?: { readonly attempts: ClientOption; readonly calls: Middleware };
}

/** The model a command calls: the target (and its fallbacks), each with the client stack, retried and falling back. */
export interface OpenedModel {
  readonly targets: readonly Target[];
  /** The first target's client (estimates, prices). */
  readonly client: LLMClient;
  readonly model: ChatModel;
  /** Scripts the mock's answer when a target is the mock; nothing otherwise. Call right before each request. */
  prepare(request: ChatRequest<unknown>): void;
  /** Stops the mock servers. */
  close(): Promise<void>;
}

/** Fields that belong to each target, not to the shared client settings. */
const PER_TARGET = ['provider', 'model', 'apiKey', 'baseUrl'] as const;

function sharedOnly(config: Partial<ClientConfigInput>): Partial<ClientConfigInput> {
  const out: Partial<ClientConfigInput> = { ...config };
  for (const field of PER_TARGET) delete out[field];
  return out;
}

/**
 * The client settings: the config file's `client:` section, then the `LLM_*` variables, then the
 * flags. Provider, model, key and base URL are each target's own (from -m, the keys and the
 * base URL variables), never these.
 */
export function clientSettings(env: Env, config: CliConfig, flags: CallSettingsFlags): Partial<ClientConfigInput> {
  const fromFlags: Partial<ClientConfigInput> = {
    ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
    ...(flags.retries !== undefined ? { retry: { maxRetries: flags.retries } } : {}),
    ...(flags.maxCost !== undefined ? { cost: { maxCostPerRequest: flags.maxCost } } : {}),
  };
  // The CLI writes its own status lines; the library's JSON log lines stay off unless asked for.
  return mergeConfig({ logging: { level: 'silent' } }, sharedOnly((config.client ?? {}) as Partial<ClientConfigInput>), sharedOnly(configFromEnv(env)), fromFlags);
}

async function openOne(target: Target, settings: Partial<ClientConfigInput>, hooks: OpenModelHooks): Promise<{ client: LLMClient; mock?: MockBackend }> {
  const { circuits } = hooks;
  const recorded = hooks.recording ? [hooks.recording.attempts] : [];
  const base: Partial<ClientConfigInput> = { ...settings, retry: { ...settings.retry, maxRetries: 0 } };
  switch (target.kind) {
    case 'vendor': {
      const { factory } = await PROVIDERS[target.provider].load();
      const shared = [...(circuits ? [withStores({ circuitBreaker: circuits })] : []), ...recorded];
      return { client: factory.createClient(mergeConfig(base, { model: target.model, apiKey: target.apiKey, baseUrl: target.baseUrl }), ...shared) };
    }
    case 'mock': {
      const mock = await startMockBackend(target.provider);
      const { factory } = await PROVIDERS[target.provider].load();
      return { client: factory.createClient(mergeConfig(base, { model: target.model, apiKey: mock.server.apiKey, baseUrl: mock.server.baseUrl })), mock };
    }
    case 'gateway': {
      const [{ createClient, withPriceTable }, { catalogPriceTable }, { createGatewayProvider, gatewayPrices }] = await Promise.all([
        import('@llm/core'),
        import('@llm/catalog'),
        import('./gateway-provider.js'),
      ]);
      const setup = resolveSetup(mergeConfig(base, { provider: 'gateway', model: target.model }), [withPriceTable(gatewayPrices(catalogPriceTable())), ...recorded]);
      return { client: createClient(createGatewayProvider({ url: target.url, apiKey: target.apiKey, timeoutMs: setup.config.timeout }), setup) };
    }
  }
}

/**
 * Opens the targets (the first, then the fallbacks): each a client with the default stack, retries
 * moved outside it (so that each retry can be reported), then fallback from one to the next.
 */
export async function openModel(targets: readonly Target[], settings: Partial<ClientConfigInput>, hooks: OpenModelHooks = {}): Promise<OpenedModel> {
  // Validates the settings once (every bad field named) and reads the retry policy.
  const policy = resolveSetup({ ...settings, provider: 'openai', model: 'settings-check' }).config.retry;
  const opened: Array<{ client: LLMClient; mock?: MockBackend }> = [];
  try {
    for (const target of targets) opened.push(await openOne(target, settings, hooks));
  } catch (err) {
    await Promise.all(opened.map((o) => o.mock?.close()));
    throw err;
  }
  const retry = retryMiddleware({ policy, ...(hooks.onRetry ? { onRetry: hooks.onRetry } : {}) });
  const { recording } = hooks;
  // One call record per target tried, its retries included (a fallback hop is the next target's call).
  const retried = opened.map(({ client, mock }) => (recording && !mock ? recording.calls(retry(client)) : retry(client)));
  const model = retried.length === 1 ? retried[0]! : createFallbackModel(retried, hooks.onFallback ? { onFallback: hooks.onFallback } : {});
  const mocks = opened.flatMap((o) => (o.mock ? [o.mock] : []));
  return {
    targets,
    client: opened[0]!.client,
    model,
    prepare: (request) => {
      for (const mock of mocks) mock.prepare(request);
    },
    close: async () => {
      await Promise.all(mocks.map((m) => m.close()));
    },
  };
}
