import { defaultCatalog, type ModelRecord } from '@llm/catalog';
import { parseDuration } from '@llm/core';
import {
  isTaskProfileName,
  NEEDABLE_CAPABILITIES,
  recommend,
  TASK_PROFILES,
  type Constraints,
  type ExcludedModel,
  type Modality,
  type NeedableCapability,
  type ObservedPerformance,
  type Recommendation,
  type TaskProfileName,
} from '@llm/recommend';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { usageError } from '../errors/usage-error.js';
import { formatTable } from '../output/table.js';
import { SHORT } from './capability-words.js';
import { counted, MIN_OBSERVED_CALLS, observedPerformance, type Observations } from './observed-performance.js';
import { sinceOf } from './since-flag.js';

export interface RecommendFlags {
  task?: string;
  /** `tools,vision,json`: comma-separated, repeatable. */
  needs?: string[];
  maxPrice?: number;
  maxLatency?: string;
  provider?: string[];
  method?: string;
  limit?: number;
  json?: boolean;
  /** The window of observations: 7d (default), 4w, or a date. */
  since?: string;
  /** Another analytics store (a gateway's) to take the observations from. */
  store?: string;
  /** Leave out the models with no observations (fewer than 20 calls in the window). */
  requireObserved?: boolean;
}

const isNeedable = (capability: string): capability is NeedableCapability => (NEEDABLE_CAPABILITIES as readonly string[]).includes(capability);
/** The capability and modality words (`llm models --capability` takes the same) that can be needs. */
const NEED_WORDS = Object.entries(SHORT)
  .filter(([, v]) => v.input !== undefined || (v.capability !== undefined && isNeedable(v.capability)))
  .map(([word]) => word);

const list = (values: readonly string[] | undefined): string[] => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

function profileOf(task: string | undefined): TaskProfileName {
  if (task === undefined) return 'chat';
  if (isTaskProfileName(task)) return task;
  throw usageError(`unknown task profile "${task}"`, `use one of ${Object.keys(TASK_PROFILES).join(', ')}`);
}

/** The profile's needs with the --needs added (the recommender's `needs` replaces fields, so they are merged here). */
function needsOf(profile: TaskProfileName, words: readonly string[]): { capabilities: NeedableCapability[]; inputModalities: Modality[] } {
  const base = TASK_PROFILES[profile].needs;
  const capabilities = new Set<NeedableCapability>(base.capabilities);
  const inputModalities = new Set<Modality>(base.inputModalities);
  for (const word of words) {
    const need = SHORT[word];
    if (!need) throw usageError(`unknown need "${word}"`, `use ${NEED_WORDS.join(', ')}`);
    if (need.capability && !isNeedable(need.capability)) throw usageError(`"${word}" cannot be a need: the recommender does not rank by it`, `use ${NEED_WORDS.join(', ')}`);
    if (need.capability) capabilities.add(need.capability as NeedableCapability);
    if (need.input) inputModalities.add(need.input);
  }
  return { capabilities: [...capabilities], inputModalities: [...inputModalities] };
}

function constraintsOf(flags: RecommendFlags): Constraints {
  const providers = list(flags.provider);
  const known = new Set(defaultCatalog().records().map((r) => r.provider));
  for (const p of providers) if (!known.has(p)) throw usageError(`unknown provider "${p}"`, `the catalog has ${[...known].sort().join(', ')}`);
  let maxLatencyP95Ms: number | undefined;
  if (flags.maxLatency !== undefined) {
    maxLatencyP95Ms = parseDuration(flags.maxLatency);
    if (maxLatencyP95Ms === undefined) throw usageError(`--max-latency takes a duration, got "${flags.maxLatency}"`, 'e.g. --max-latency 2s or --max-latency 800ms');
  }
  return {
    ...(providers.length > 0 ? { providers: { allow: providers } } : {}),
    ...(flags.maxPrice !== undefined ? { maxCostPerCall: flags.maxPrice } : {}),
    ...(maxLatencyP95Ms !== undefined ? { maxLatencyP95Ms } : {}),
  };
}

const usd = (value: number): string => (value === 0 ? '$0' : value >= 0.01 ? `$${value.toFixed(4)}` : `$${value.toPrecision(3)}`);
const tokens = (n: number | null): string => (n === null ? '-' : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

/** What was observed of a model, for the output: its numbers when they count (enough calls), else null. */
function observedJson(o: ObservedPerformance | undefined): { observed: ObservedPerformance | null; observedCalls: number } {
  return { observed: counted(o) ? o : null, observedCalls: o?.calls ?? 0 };
}

/** The recommendation without the candidates' whole catalog records: ids, explanations, reasons, and what was observed of each. */
function toJson(result: Recommendation<ModelRecord>, limit: number, observations: Observations, unobserved: readonly ExcludedModel[]): unknown {
  return {
    profile: result.profile,
    method: result.method,
    needs: result.needs,
    weights: result.weights,
    unusedCriteria: result.unusedCriteria,
    ranked: result.ranked.slice(0, limit).map((r) => ({
      id: r.candidate.id,
      rank: r.explanation.rank,
      score: r.explanation.score,
      ...observedJson(observations.byId[r.candidate.id]),
      summary: r.summary,
      explanation: r.explanation,
    })),
    rankedCount: result.ranked.length,
    excluded: [...unobserved, ...result.excluded],
    pareto: result.pareto,
    notes: result.notes,
    observations: { store: observations.path, calls: observations.calls, minCalls: MIN_OBSERVED_CALLS },
  };
}

const latencyCell = (o: ObservedPerformance | undefined): string =>
  counted(o) && o.latencyP95Ms !== undefined ? `${Math.round(o.latencyP95Ms)} ms` : o ? `no data (${o.calls} calls)` : 'no data';

/**
 * `llm recommend`: the catalog's models ranked for a task, with the reasons (every criterion's
 * part in the best model's score) and every model left out with the constraint it failed.
 * Observed latency, error rate and throughput come from this machine's analytics store (or
 * `--store`): the observed ceilings (`--max-latency`) hold the models observed enough, and the
 * output says which models were not (their latency is unknown, not fast).
 */
export async function runRecommend(ctx: CliContext, flags: RecommendFlags): Promise<number> {
  const profile = profileOf(flags.task);
  const needs = needsOf(profile, list(flags.needs));
  const constraints = constraintsOf(flags);
  if (flags.method !== undefined && flags.method !== 'weighted-sum' && flags.method !== 'topsis') throw usageError(`unknown ranking method "${flags.method}"`, 'use weighted-sum or topsis');
  const method = flags.method as 'weighted-sum' | 'topsis' | undefined;
  const limit = flags.limit ?? 10;
  const now = new Date();
  const since = sinceOf(flags.since ?? '7d', now)!;
  const catalog = defaultCatalog();
  const observations = await observedPerformance(ctx, catalog, Date.parse(since), now.getTime(), flags.store);
  const window = `since ${since.slice(0, 10)}`;
  let candidates = catalog.records();
  const unobserved: ExcludedModel[] = [];
  if (flags.requireObserved) {
    const kept = candidates.filter((c) => counted(observations.byId[c.id]));
    for (const c of candidates) {
      if (!counted(observations.byId[c.id])) {
        const calls = observations.byId[c.id]?.calls ?? 0;
        unobserved.push({ id: c.id, failed: [{ constraint: 'observed', message: `--require-observed: ${calls} calls ${window} in ${observations.path}; at least ${MIN_OBSERVED_CALLS} are needed` }] });
      }
    }
    candidates = kept;
  }
  const result = await recommend(candidates, { profile, needs, constraints, observed: observations.byId, minCalls: MIN_OBSERVED_CALLS, ...(method ? { method } : {}) });
  const excludedCount = result.excluded.length + unobserved.length;
  if (flags.json) {
    ctx.terminal.out(`${JSON.stringify(toJson(result, limit, observations, unobserved))}\n`);
    return result.ranked.length > 0 ? EXIT.ok : EXIT.refused;
  }
  const mix = `${result.needs.inputTokens} in + ${result.needs.outputTokens} out tokens a call`;
  if (result.ranked.length === 0) {
    const reasons = [...new Set([...unobserved, ...result.excluded].flatMap((e) => e.failed.map((f) => f.constraint)))].join(', ');
    ctx.terminal.error(`llm: no model fits the ${profile} profile with these constraints (${excludedCount} left out; failed: ${reasons}) (hint: relax --needs, --max-price, --provider or --require-observed; --json lists each model's reasons)`);
    return EXIT.refused;
  }
  const shown = result.ranked.slice(0, limit);
  const rows = shown.map((r) => {
    const cost = r.explanation.criteria.find((c) => c.criterion === 'cost');
    return [String(r.explanation.rank), r.candidate.id, r.explanation.score.toFixed(3), cost ? usd(cost.raw) : '-', tokens(r.candidate.limits.context), latencyCell(observations.byId[r.candidate.id])];
  });
  ctx.terminal.out(formatTable(['RANK', 'MODEL', 'SCORE', 'COST/CALL', 'CONTEXT', 'P95 LATENCY'], rows));
  ctx.terminal.out(`\n${result.ranked[0]!.summary}\n`);
  ctx.terminal.info(`llm: ${result.ranked.length} ranked for the ${profile} profile (${mix}, ${result.method}); ${excludedCount} left out (--json says why)`);
  for (const note of result.notes) ctx.terminal.info(`llm: ${note}`);
  const observedModels = Object.values(observations.byId).filter(counted).length;
  ctx.terminal.info(`llm: observed on this machine ${window}: ${observations.calls} calls in ${observations.path}; ${observedModels} models with at least ${MIN_OBSERVED_CALLS} calls`);
  if (constraints.maxLatencyP95Ms !== undefined) {
    const blind = result.ranked.filter((r) => !counted(observations.byId[r.candidate.id]) || observations.byId[r.candidate.id]!.latencyP95Ms === undefined);
    if (blind.length > 0) {
      ctx.terminal.warn(
        `llm: --max-latency ${flags.maxLatency} could not be checked for ${blind.length} of the ${result.ranked.length} ranked models: no observed latency ${window} (fewer than ${MIN_OBSERVED_CALLS} calls), so their latency is unknown, not fast (shown as "no data"; --require-observed leaves them out)`,
      );
    }
  }
  return EXIT.ok;
}
