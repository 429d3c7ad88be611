import { createFallbackModel, createLoadBalancedModel, parseModelId, type ChatModel } from '@llm/core';
import { LLMError } from '@llm/errors';
import type { GatewayConfig, ModelOptions, RouteConfig, TargetConfig } from '../config/gateway-config-schema.js';
import type { UpstreamModels } from '../upstream/upstream-models.js';
import type { RouteFactory, RouteFactoryContext } from './route-factory.js';

/** A public model name and the ChatModel that serves it. */
export interface Route {
  name: string;
  kind: 'model' | 'fallback' | 'loadBalance' | 'recommend' | 'experiment' | 'provider';
  model: ChatModel;
  /** The upstream models it may call, `provider:model`. */
  targets: string[];
  description?: string;
}

/**
 * Public model names → their routes, built at start (so that a bad route stops the start), plus
 * `provider:model` for every configured vendor when `exposeProviderModels` is on.
 */
export class RouteTable {
  private readonly routes = new Map<string, Route>();

  constructor(
    private readonly upstreams: UpstreamModels,
    private readonly exposeProviderModels: boolean,
  ) {}

  private target(t: TargetConfig | { model: string; options?: ModelOptions | undefined }): ChatModel {
    const { provider, model } = parseModelId(t.model);
    if (!this.upstreams.has(provider)) throw new LLMError({ code: 'configuration', message: `provider ${provider} is not configured` });
    return this.upstreams.model(provider, model, t.options).chatModel;
  }

  /** Builds every route of the config; one `configuration` error names each route that could not be built. */
  build(models: GatewayConfig['models'], factories: Readonly<Record<string, RouteFactory>>): void {
    const problems: string[] = [];
    for (const [name, route] of Object.entries(models ?? {})) {
      try {
        this.routes.set(name, this.buildRoute(name, route, factories));
      } catch (err) {
        problems.push(`models.${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (problems.length > 0) {
      throw new LLMError({ code: 'configuration', message: `invalid gateway configuration: ${problems.join('; ')}`, details: { fields: problems } });
    }
  }

  private buildRoute(name: string, route: RouteConfig, factories: Readonly<Record<string, RouteFactory>>): Route {
    const description = route.description !== undefined ? { description: route.description } : {};
    if (route.model !== undefined) {
      return { name, kind: 'model', model: this.target({ model: route.model, options: route.options }), targets: [route.model], ...description };
    }
    if (route.fallback !== undefined) {
      const model = createFallbackModel(route.fallback.map((t) => this.target(t)), route.fallbackOn ? { fallbackOn: route.fallbackOn } : {});
      return { name, kind: 'fallback', model, targets: route.fallback.map((t) => t.model), ...description };
    }
    if (route.loadBalance !== undefined) {
      const { strategy, targets } = route.loadBalance;
      const model = createLoadBalancedModel(targets.map((t) => ({ model: this.target(t), weight: t.weight ?? 1 })), { strategy });
      return { name, kind: 'loadBalance', model, targets: targets.map((t) => t.model), ...description };
    }
    for (const kind of ['recommend', 'experiment'] as const) {
      const section = route[kind];
      if (section === undefined) continue;
      const factory = factories[kind];
      if (!factory) throw new LLMError({ code: 'configuration', message: `no ${kind} route factory is installed` });
      const used: string[] = [];
      const context: RouteFactoryContext = {
        name,
        target: (model, options) => {
          used.push(model);
          return this.target({ model, options });
        },
      };
      return { name, kind, model: factory(section, context), targets: used, ...description };
    }
    throw new LLMError({ code: 'configuration', message: 'the route names no model' });
  }

  /** The route of a public name, or of `provider:model` for a configured vendor; undefined when there is none. */
  resolve(name: string): Route | undefined {
    const found = this.routes.get(name);
    if (found || !this.exposeProviderModels) return found;
    const at = name.indexOf(':');
    if (at <= 0 || at === name.length - 1) return undefined;
    const provider = name.slice(0, at);
    if (!this.upstreams.has(provider)) return undefined;
    const model = this.upstreams.providerModel(provider, name.slice(at + 1)).chatModel;
    return { name, kind: 'provider', model, targets: [name] };
  }

  /** The public names, in the order of the config. */
  publicRoutes(): Route[] {
    return [...this.routes.values()];
  }
}
