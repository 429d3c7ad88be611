import { defaultCatalog, type ModelRecord } from '@llm/catalog';
import { parseDuration } from '@llm/core';
import { isTaskProfileName, NEEDABLE_CAPABILITIES, recommend, TASK_PROFILES, type Constraints, type Modality, type NeedableCapability, type Recommendation, type TaskProfileName } from '@llm/recommend';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { usageError } from '../errors/usage-error.js';
import { formatTable } from '../output/table.js';
import { SHORT } from './capability-words.js';

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

/** The recommendation without the candidates' whole catalog records: ids, explanations, reasons. */
function toJson(result: Recommendation<ModelRecord>, limit: number): unknown {
  return {
    profile: result.profile,
    method: result.method,
    needs: result.needs,
    weights: result.weights,
    unusedCriteria: result.unusedCriteria,
    ranked: result.ranked.slice(0, limit).map((r) => ({ id: r.candidate.id, rank: r.explanation.rank, score: r.explanation.score, summary: r.summary, explanation: r.explanation })),
    rankedCount: result.ranked.length,
    excluded: result.excluded,
    pareto: result.pareto,
    notes: result.notes,
  };
}

/**
 * `llm recommend`: the catalog's models ranked for a task, with the reasons (every criterion's
 * part in the best model's score) and every model left out with the constraint it failed.
 */
export async function runRecommend(ctx: CliContext, flags: RecommendFlags): Promise<number> {
  const profile = profileOf(flags.task);
  const needs = needsOf(profile, list(flags.needs));
  const constraints = constraintsOf(flags);
  if (flags.method !== undefined && flags.method !== 'weighted-sum' && flags.method !== 'topsis') throw usageError(`unknown ranking method "${flags.method}"`, 'use weighted-sum or topsis');
  const method = flags.method as 'weighted-sum' | 'topsis' | undefined;
  const limit = flags.limit ?? 10;
  const result = await recommend(defaultCatalog().records(), { profile, needs, constraints, ...(method ? { method } : {}) });
  if (flags.json) {
    ctx.terminal.out(`${JSON.stringify(toJson(result, limit))}\n`);
    return result.ranked.length > 0 ? EXIT.ok : EXIT.refused;
  }
  const mix = `${result.needs.inputTokens} in + ${result.needs.outputTokens} out tokens a call`;
  if (result.ranked.length === 0) {
    const reasons = [...new Set(result.excluded.flatMap((e) => e.failed.map((f) => f.constraint)))].join(', ');
    ctx.terminal.error(`llm: no model fits the ${profile} profile with these constraints (${result.excluded.length} left out; failed: ${reasons}) (hint: relax --needs, --max-price or --provider; --json lists each model's reasons)`);
    return EXIT.refused;
  }
  const rows = result.ranked.slice(0, limit).map((r) => {
    const cost = r.explanation.criteria.find((c) => c.criterion === 'cost');
    return [String(r.explanation.rank), r.candidate.id, r.explanation.score.toFixed(3), cost ? usd(cost.raw) : '-', tokens(r.candidate.limits.context)];
  });
  ctx.terminal.out(formatTable(['RANK', 'MODEL', 'SCORE', 'COST/CALL', 'CONTEXT'], rows));
  ctx.terminal.out(`\n${result.ranked[0]!.summary}\n`);
  ctx.terminal.info(`llm: ${result.ranked.length} ranked for the ${profile} profile (${mix}, ${result.method}); ${result.excluded.length} left out (--json says why)`);
  for (const note of result.notes) ctx.terminal.info(`llm: ${note}`);
  if (constraints.maxLatencyP95Ms !== undefined) ctx.terminal.info('llm: --max-latency is checked against observed p95 latency; models without observations (at least 20 calls) are not held to it');
  return EXIT.ok;
}
