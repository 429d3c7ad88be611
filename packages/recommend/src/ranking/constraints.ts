import type { Candidate, CandidateStatus, Modality, NeedableCapability, ObservedPerformance } from './candidate.js';
import type { TaskNeeds } from './task-profile.js';
import { callCost } from './call-cost.js';

/** Hard constraints: a model that fails any of them is not ranked, and the report says which. */
export interface Constraints {
  /** Providers to keep (`allow`) or leave out (`deny`), by provider id. */
  readonly providers?: { readonly allow?: readonly string[] | undefined; readonly deny?: readonly string[] | undefined } | undefined;
  /** Models to keep or leave out, by `provider:model` id. */
  readonly models?: { readonly allow?: readonly string[] | undefined; readonly deny?: readonly string[] | undefined } | undefined;
  /** Statuses allowed; default active and preview (deprecated models are left out). */
  readonly statuses?: readonly CandidateStatus[] | undefined;
  /** Most a call of the task's token mix may cost, USD. */
  readonly maxCostPerCall?: number | undefined;
  readonly maxInputPricePerMTok?: number | undefined;
  readonly maxOutputPricePerMTok?: number | undefined;
  /** Observed ceilings: checked where there are observations (at least `minCalls` calls). */
  readonly maxLatencyP95Ms?: number | undefined;
  readonly maxTimeToFirstChunkP95Ms?: number | undefined;
  readonly maxErrorRate?: number | undefined;
  readonly minOutputTokensPerSecond?: number | undefined;
  /** Let a model through whose capability, modality, context or price is unknown. Default false. */
  readonly allowUnknown?: boolean | undefined;
}

export interface FailedConstraint {
  /** e.g. `capability:toolCalling`, `context`, `status`, `provider`, `maxCostPerCall`, `observed:errorRate`. */
  readonly constraint: string;
  readonly message: string;
}

export interface ExcludedModel {
  readonly id: string;
  readonly failed: readonly FailedConstraint[];
}

const CAPABILITY_WORDS: Record<NeedableCapability, string> = {
  toolCalling: 'tool calling',
  structuredOutput: 'structured output (JSON Schema)',
  jsonMode: 'JSON mode',
  reasoning: 'reasoning',
  promptCaching: 'prompt caching',
};

const DEFAULT_STATUSES: readonly CandidateStatus[] = ['active', 'preview'];

/** Every constraint a candidate fails (empty: it may be ranked). */
export function failedConstraints(
  candidate: Candidate,
  needs: TaskNeeds,
  constraints: Constraints,
  observed: ObservedPerformance | undefined,
): FailedConstraint[] {
  const failed: FailedConstraint[] = [];
  const fail = (constraint: string, message: string) => failed.push({ constraint, message });
  const unknownFails = constraints.allowUnknown !== true;

  const { providers, models } = constraints;
  if (providers?.allow && !providers.allow.includes(candidate.provider)) fail('provider', `provider ${candidate.provider} is not in the allowed list (${providers.allow.join(', ')})`);
  if (providers?.deny?.includes(candidate.provider)) fail('provider', `provider ${candidate.provider} is denied`);
  if (models?.allow && !models.allow.includes(candidate.id)) fail('model', `${candidate.id} is not in the allowed list`);
  if (models?.deny?.includes(candidate.id)) fail('model', `${candidate.id} is denied`);

  const statuses = constraints.statuses ?? DEFAULT_STATUSES;
  const status = candidate.status?.value;
  if (status !== undefined && !statuses.includes(status)) fail('status', `status is ${status}; allowed: ${statuses.join(', ')}`);

  for (const capability of needs.capabilities) {
    const flag = candidate.capabilities?.[capability];
    if (flag === false) fail(`capability:${capability}`, `needs ${CAPABILITY_WORDS[capability]}, which the model does not have`);
    else if (flag !== true && unknownFails) fail(`capability:${capability}`, `needs ${CAPABILITY_WORDS[capability]}; unknown whether the model has it`);
  }
  for (const modality of needs.inputModalities) checkModality(candidate, modality, unknownFails, fail);
  // Every task asks for an answer in text: a model known to give something else (an embedding model) is out.
  const outputModalities = candidate.modalities?.output ?? null;
  if (outputModalities !== null && !outputModalities.includes('text')) fail('modality:output', `needs a text answer; the model gives ${outputModalities.join(', ') || 'nothing the catalog names'}`);

  const context = candidate.limits?.context ?? null;
  if (context === null) {
    if (unknownFails && needs.minContext > 0) fail('context', `needs a context of ${needs.minContext} tokens; the model's context window is unknown`);
  } else if (context < needs.minContext) fail('context', `needs a context of ${needs.minContext} tokens; the model has ${context}`);
  const maxOutput = candidate.limits?.output ?? null;
  if (maxOutput !== null && maxOutput < needs.outputTokens) fail('output', `needs ${needs.outputTokens} output tokens; the model gives at most ${maxOutput}`);

  const cost = callCost(candidate, needs);
  const priced = constraints.maxCostPerCall !== undefined || constraints.maxInputPricePerMTok !== undefined || constraints.maxOutputPricePerMTok !== undefined;
  if (cost === undefined && priced && unknownFails) fail('price', 'a price ceiling is set and the model\'s price is unknown');
  if (cost !== undefined && constraints.maxCostPerCall !== undefined && cost > constraints.maxCostPerCall) {
    fail('maxCostPerCall', `a call costs $${formatUsd(cost)}; the ceiling is $${formatUsd(constraints.maxCostPerCall)}`);
  }
  const input = candidate.prices?.input ?? null;
  if (input !== null && constraints.maxInputPricePerMTok !== undefined && input > constraints.maxInputPricePerMTok) {
    fail('maxInputPricePerMTok', `input costs $${input}/MTok; the ceiling is $${constraints.maxInputPricePerMTok}`);
  }
  const output = candidate.prices?.output ?? null;
  if (output !== null && constraints.maxOutputPricePerMTok !== undefined && output > constraints.maxOutputPricePerMTok) {
    fail('maxOutputPricePerMTok', `output costs $${output}/MTok; the ceiling is $${constraints.maxOutputPricePerMTok}`);
  }

  if (observed) {
    const over = (constraint: string, value: number | undefined, limit: number | undefined, words: string, unit: string) => {
      if (value !== undefined && limit !== undefined && value > limit) fail(constraint, `observed ${words} ${round(value)}${unit} over ${observed.calls} calls; the ceiling is ${limit}${unit}`);
    };
    over('observed:latency', observed.latencyP95Ms, constraints.maxLatencyP95Ms, 'p95 latency', ' ms');
    over('observed:timeToFirstChunk', observed.timeToFirstChunkP95Ms, constraints.maxTimeToFirstChunkP95Ms, 'p95 time to first chunk', ' ms');
    over('observed:errorRate', observed.errorRate, constraints.maxErrorRate, 'error rate', '');
    const tps = observed.outputTokensPerSecond;
    if (tps !== undefined && constraints.minOutputTokensPerSecond !== undefined && tps < constraints.minOutputTokensPerSecond) {
      fail('observed:throughput', `observed ${round(tps)} output tokens/s over ${observed.calls} calls; the floor is ${constraints.minOutputTokensPerSecond}`);
    }
  }
  return failed;
}

function checkModality(candidate: Candidate, modality: Modality, unknownFails: boolean, fail: (c: string, m: string) => void): void {
  const input = candidate.modalities?.input ?? null;
  if (input === null) {
    if (unknownFails) fail(`modality:${modality}`, `needs ${modality} input; the model's input modalities are unknown`);
  } else if (!input.includes(modality)) fail(`modality:${modality}`, `needs ${modality} input; the model takes ${input.join(', ')}`);
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

export function formatUsd(usd: number): string {
  if (usd === 0) return '0';
  return usd >= 0.01 ? usd.toFixed(4) : usd.toPrecision(3);
}
