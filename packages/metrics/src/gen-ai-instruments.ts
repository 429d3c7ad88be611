import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import { emitsEstablished, emitsLatest, type GenAiSemconv } from '@llm/schema';
import {
  DURATION_BUCKETS,
  LATEST_GEN_AI_METRICS as LATEST,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  TOKEN_USAGE_BUCKETS,
} from './gen-ai-semconv.js';
import { otelApi } from './otel-api.js';

/** The latest conventions' token instruments: usage counters by modality, per-operation histograms. */
export interface LatestTokenInstruments {
  usageInput: Counter;
  usageOutput: Counter;
  usageCacheRead: Counter;
  usageCacheWrite: Counter;
  usageReasoning: Counter;
  operationInput: Histogram;
  operationOutput: Histogram;
}

/**
 * The GenAI client instruments of one mode. Durations and chunk timings have one histogram per
 * emitted name (two in `both`); token usage is the established histogram, the latest counters and
 * histograms, or both.
 */
export interface GenAiInstruments {
  durations: readonly Histogram[];
  timeToFirstChunk: readonly Histogram[];
  timePerOutputChunk: readonly Histogram[];
  /** `gen_ai.client.token.usage` (established). */
  tokenUsage: Histogram | undefined;
  /** `gen_ai.client.inference.usage.*` and `.operation.*` (latest). */
  latestTokens: LatestTokenInstruments | undefined;
}

export function secondsHistogram(meter: Meter, name: string, description: string): Histogram {
  return meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] } });
}

function tokenHistogram(meter: Meter, name: string, description: string): Histogram {
  return meter.createHistogram(name, { description, unit: '{token}', valueType: otelApi().ValueType.INT, advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] } });
}

function tokenCounter(meter: Meter, name: string, description: string): Counter {
  return meter.createCounter(name, { description, unit: '{token}', valueType: otelApi().ValueType.INT });
}

const TTFC = 'Time to receive the first chunk of a streamed reply, from when the request was issued.';
/** The description of the `time_per_output_chunk` histograms. */
export const TIME_PER_OUTPUT_CHUNK_DESCRIPTION = 'Time between two chunks of a streamed reply, for each chunk after the first.';

/** Creates the instruments `mode` records into, with the names, units and bucket advice of its conventions (without the chunk-time histograms when another keeps them). */
export function createGenAiInstruments(meter: Meter, mode: GenAiSemconv, chunkTimes = true): GenAiInstruments {
  const durations: Histogram[] = [];
  const timeToFirstChunk: Histogram[] = [];
  const timePerOutputChunk: Histogram[] = [];
  let tokenUsage: Histogram | undefined;
  let latestTokens: LatestTokenInstruments | undefined;
  if (emitsEstablished(mode)) {
    tokenUsage = tokenHistogram(meter, METRIC_GEN_AI_CLIENT_TOKEN_USAGE, 'Number of input and output tokens used.');
    durations.push(secondsHistogram(meter, METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration.'));
    timeToFirstChunk.push(secondsHistogram(meter, METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK, TTFC));
    if (chunkTimes) timePerOutputChunk.push(secondsHistogram(meter, METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK, TIME_PER_OUTPUT_CHUNK_DESCRIPTION));
  }
  if (emitsLatest(mode)) {
    durations.push(secondsHistogram(meter, LATEST.duration, 'GenAI client inference operation duration.'));
    timeToFirstChunk.push(secondsHistogram(meter, LATEST.timeToFirstChunk, TTFC));
    if (chunkTimes) timePerOutputChunk.push(secondsHistogram(meter, LATEST.timePerOutputChunk, TIME_PER_OUTPUT_CHUNK_DESCRIPTION));
    latestTokens = {
      usageInput: tokenCounter(meter, LATEST.usageInputTokens, 'The number of input (prompt) tokens used, including cached tokens.'),
      usageOutput: tokenCounter(meter, LATEST.usageOutputTokens, 'The number of output (completion) tokens used, including reasoning tokens.'),
      usageCacheRead: tokenCounter(meter, LATEST.usageCacheReadInputTokens, 'The number of input tokens served from a provider-managed cache.'),
      usageCacheWrite: tokenCounter(meter, LATEST.usageCacheWriteInputTokens, 'The number of input tokens written to a provider-managed cache.'),
      usageReasoning: tokenCounter(meter, LATEST.usageReasoningOutputTokens, 'The number of output tokens used for reasoning.'),
      operationInput: tokenHistogram(meter, LATEST.operationInputTokens, 'The number of input (prompt) tokens used per inference operation.'),
      operationOutput: tokenHistogram(meter, LATEST.operationOutputTokens, 'The number of output (completion) tokens used per inference operation.'),
    };
  }
  return { durations, timeToFirstChunk, timePerOutputChunk, tokenUsage, latestTokens };
}
