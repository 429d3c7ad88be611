import type { Catalog, ModelRecord } from '@llm/catalog';
import type { Analytics } from '@llm/analytics';
import type { ChatModel, Logger } from '@llm/core';
import { LLMError } from '@llm/errors';
import { analyzeExperiment, checkRecommendOptions, createExperiment, createInMemoryExperimentStore, type ExperimentStore, createRecommendedModel, type AnalyzeOptions, type ExperimentAnalysis, type ExperimentRunner, type ObservedPerformance, type RecommendOptions } from '@llm/recommend';
import type { ExperimentRouteConfig, RecommendRouteConfig } from '../config/gateway-config-schema.js';
import { KEY_TAG } from '../limits/key-budgets.js';
import { callNotesOf } from './call-notes.js';
import { createObservedFeed } from './observed-feed.js';
import type { RouteFactory } from './route-factory.js';

/** An experiment a route runs, with the public name that serves it and each arm's model. */
export interface GatewayExperiment {
  readonly route: string;
  readonly runner: ExperimentRunner<ExperimentStore>;
  /** Each arm's `provider:model`. */
  readonly models: Readonly<Record<string, string>>;
  /** The analysis of the calls recorded so far (`analyzeExperiment`). */
  analyze(options: AnalyzeOptions): Promise<ExperimentAnalysis>;
}

/** Where `experiment` routes record their calls: PostgreSQL with `stores.postgres` (every replica's calls, kept across restarts), else memory. */
export interface ExperimentRecords {
  store: ExperimentStore | undefined;
  logger: Logger;
}

/** The experiments of this gateway's routes, by experiment id (for `/admin/experiments`). */
export type ExperimentRegistry = Map<string, GatewayExperiment>;

const RANKING_FIELDS = ['profile', 'needs', 'weights', 'method', 'constraints', 'quality', 'observed', 'minCalls'] as const;

/** Values by model id (`quality`, `observed`) keyed by the catalog's ids, so an alias (`claude-haiku-4-5`) means its model; anything else as written. */
function byCatalogId(value: unknown, catalog: Catalog): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([id, v]) => [catalog.get(id)?.id ?? id, v]));
}

/** The recommender's own options of a route, as written (it checks them and names every bad field). */
function rankingOptions(section: RecommendRouteConfig, catalog: Catalog): Omit<RecommendOptions, 'request'> {
  const options: Record<string, unknown> = {};
  for (const field of RANKING_FIELDS) if (section[field] !== undefined) options[field] = field === 'quality' || field === 'observed' ? byCatalogId(section[field], catalog) : section[field];
  return options as Omit<RecommendOptions, 'request'>;
}

/** `@llm/recommend`'s default `minCalls` (observations of fewer calls do not count). */
const RECOMMEND_DEFAULT_MIN_CALLS = 20;

/** Where `recommend` routes read observed performance: the gateway's analytics. */
export interface ObservedSource {
  analytics: Analytics;
  logger: Logger;
}

/** The route's ranking options with `observed` fed from analytics (static values as the fallback), unless `analytics: false`. */
function withObserved(options: Omit<RecommendOptions, 'request'>, section: RecommendRouteConfig, catalog: Catalog, source: ObservedSource | undefined): Omit<RecommendOptions, 'request'> {
  if (!source || section.analytics === false) return options;
  // The static values are checked as written (the feed's function is not).
  checkRecommendOptions(options);
  const { window, refresh } = section.analytics ?? { window: 3_600_000, refresh: 60_000 };
  const feed = createObservedFeed({
    analytics: source.analytics,
    catalog,
    windowMs: window,
    refreshMs: refresh,
    fallback: options.observed as Readonly<Record<string, ObservedPerformance>> | undefined,
    minCalls: options.minCalls ?? RECOMMEND_DEFAULT_MIN_CALLS,
    logger: source.logger,
  });
  void feed.refresh();
  return { ...options, observed: (id) => feed.observed(id) };
}

/**
 * `recommend` routes: the candidates are the catalog's records of the route's models (their
 * capabilities, limits and prices rank them), each served by the gateway's full stack for that
 * model; per request the recommender ranks them for the request's needs and the best are tried in
 * turn. Every model must be in the catalog (a model it does not know has no facts to rank by).
 */
export function recommendRouteFactory(catalog: Catalog, observedSource?: ObservedSource): RouteFactory {
  return (raw, context) => {
    const section = raw as RecommendRouteConfig;
    const unknown = section.models.filter((id) => catalog.get(id) === undefined);
    if (unknown.length > 0) {
      throw new LLMError({ code: 'configuration', message: `recommend.models: not in the model catalog, so nothing to rank by: ${unknown.join(', ')}`, local: true });
    }
    const models: Record<string, ChatModel> = {};
    const candidates: ModelRecord[] = [];
    for (const id of section.models) {
      const record = catalog.get(id)!;
      // An alias and the id it stands for are one candidate.
      if (models[record.id] !== undefined) throw new LLMError({ code: 'configuration', message: `recommend.models: ${id} is ${record.id}, which is already listed`, local: true });
      models[record.id] = context.target(id, section.options);
      candidates.push(record);
    }
    return createRecommendedModel({
      candidates,
      models,
      recommend: withObserved(rankingOptions(section, catalog), section, catalog, observedSource),
      ...(section.maxModels !== undefined ? { maxModels: section.maxModels } : {}),
      ...(section.fallbackOn !== undefined ? { fallbackOn: section.fallbackOn } : {}),
    });
  };
}

/**
 * `experiment` routes: an A/B test of the route's arms. Each client key is one unit: the same key
 * always gets the same arm (a stable hash of the experiment's salt and the key's id, so every
 * replica agrees); calls without a key (a loopback gateway without keys) are assigned at random per
 * call. The first arm is the control, which a `holdout` share gets unrecorded.
 */
export function experimentRouteFactory(registry: ExperimentRegistry, records: ExperimentRecords): RouteFactory {
  return (raw, context) => {
    const section = raw as ExperimentRouteConfig;
    const id = section.id ?? context.name;
    const existing = registry.get(id);
    if (existing) throw new LLMError({ code: 'configuration', message: `experiment.id: ${id} is already the experiment of models.${existing.route}`, local: true });
    const [control, ...treatments] = section.arms;
    const runner = createExperiment({
      experiment: {
        id,
        arms: section.arms.map((arm) => ({ name: arm.name, weight: arm.weight })),
        ...(section.holdout !== undefined ? { holdout: section.holdout } : {}),
        ...(section.salt !== undefined ? { salt: section.salt } : {}),
      },
      arms: Object.fromEntries(treatments.map((arm) => [arm.name, context.target(arm.model, arm.options)])),
      unitKey: (request) => request.tags?.[KEY_TAG],
      store: records.store ?? createInMemoryExperimentStore(),
      // A record that could not be written is logged with what it was; the call itself went on.
      onStoreError: (error, call) => records.logger.error('experiment call not recorded', { error, experiment: call.experimentId, arm: call.arm, callId: call.callId }),
      // Before the arm's model is called: a stream's headers (sent with its first event) carry the call id.
      onAssign: (info, _request, options) => {
        const notes = callNotesOf(options);
        if (notes) notes.experiment = info;
      },
    });
    const model = runner.middleware(context.target(control!.model, control!.options));
    registry.set(id, {
      route: context.name,
      runner,
      models: Object.fromEntries(section.arms.map((arm) => [arm.name, arm.model])),
      analyze: async (options) => analyzeExperiment(runner.experiment, await runner.store.calls(id), options),
    });
    return model;
  };
}
