import type { ChatModel } from '@llm/core';
import type { ModelOptions } from '../config/gateway-config-schema.js';

/** What a route factory can build on: the gateway's client stack for any configured upstream model. */
export interface RouteFactoryContext {
  /** The public name being built (for messages). */
  name: string;
  /** `provider:model` with the gateway's full stack (retry, circuit breaker, per-key budget, cost, telemetry). */
  target(model: string, options?: ModelOptions): ChatModel;
}

/**
 * The extension point for route kinds beyond `model`, `fallback` and `loadBalance`: a factory gets
 * the route's section as written in the YAML (`recommend: {...}`, `experiment: {...}`) and returns
 * the ChatModel that serves the public name. It must check its section and throw a `configuration`
 * LLMError naming each bad field; the gateway refuses to start on it.
 *
 * `recommend` (a model chosen per request by the recommender) and `experiment` (an A/B test of
 * arms) will come from `@llm/recommend`; until a factory for a kind is given to `startGateway`
 * (`routeFactories`), a route of that kind is refused at start.
 */
export type RouteFactory = (section: Record<string, unknown>, context: RouteFactoryContext) => ChatModel;
