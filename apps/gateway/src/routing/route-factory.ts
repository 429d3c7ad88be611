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
 * Builds the ChatModel of a route kind from the route's section (as the config schema checked it):
 * the gateway's own `recommend` and `experiment` routes are factories (`recommend-routes.ts`), and
 * `startGateway({ routeFactories })` can replace them per kind. A factory throws a `configuration`
 * LLMError naming what is wrong; the gateway refuses to start on it.
 */
export type RouteFactory = (section: Record<string, unknown>, context: RouteFactoryContext) => ChatModel;
