import { REDACTED } from '@llm/errors';
import type { ModelInfo } from '@llm/schema';
import type { ChatModel } from './chat-model.js';
import type { ClientConfig } from './config-schema.js';
import type { HealthChecker, HealthReport } from './health.js';
import { createJsonLogger, type Logger } from './logger.js';
import { loggingMiddleware } from './logging-middleware.js';
import { applyMiddleware, type Middleware } from './middleware.js';
import type { Provider } from './provider.js';
import type { ResolvedSetup } from './client-options.js';
import { UsageTracker, type UsageReport } from './usage-tracker.js';

/** A configured model with its middleware stack, usage totals and health check. */
export interface LLMClient extends ChatModel, HealthChecker {
  /** The validated config, API key masked. */
  readonly config: Readonly<ClientConfig>;
  readonly vendor: Provider;
  readonly logger: Logger;
  /** Running totals of tokens and requests per model for this client. */
  getUsage(): UsageReport;
  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]>;
  /** The same provider, stack and usage totals, another model. */
  withModel(modelId: string): LLMClient;
}

export interface DefaultStackDeps {
  logger: Logger;
  usage: UsageTracker;
}

/**
 * The middlewares a config asks for, outermost first. Usage tracking is innermost so that
 * every vendor reply is counted once, under the model that gave it.
 */
export function defaultMiddlewareStack(config: ClientConfig, deps: DefaultStackDeps): Middleware[] {
  const stack: Middleware[] = [];
  if (config.logging.level !== 'silent') stack.push(loggingMiddleware({ logger: deps.logger, logContent: config.logging.logContent }));
  stack.push(deps.usage.middleware());
  return stack;
}

function maskConfig(config: ClientConfig): Readonly<ClientConfig> {
  return Object.freeze(config.apiKey ? { ...config, apiKey: REDACTED } : { ...config });
}

/** Builds a client from a provider and a resolved setup (what every `createX` factory does). */
export function createClient(vendor: Provider, setup: ResolvedSetup, usage: UsageTracker = new UsageTracker()): LLMClient {
  const { config } = setup;
  const logger =
    setup.logger ?? createJsonLogger({ level: config.logging.level, base: { component: '@llm' }, secrets: config.apiKey ? [config.apiKey] : [] });
  const model = applyMiddleware(vendor.chatModel(config.model), ...setup.middleware, ...defaultMiddlewareStack(config, { logger, usage }));
  return {
    provider: model.provider,
    modelId: model.modelId,
    chat: model.chat,
    streamChat: model.streamChat,
    complete: model.complete,
    streamComplete: model.streamComplete,
    config: maskConfig(config),
    vendor,
    logger,
    getUsage: () => usage.report(),
    checkHealth: (options) => vendor.checkHealth(options),
    listModels: (options) => vendor.listModels(options),
    withModel: (modelId: string) => createClient(vendor, { ...setup, config: { ...config, model: modelId }, logger }, usage),
  };
}

export type { HealthReport };
