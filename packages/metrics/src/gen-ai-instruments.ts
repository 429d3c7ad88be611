import type { Attributes, Counter, Meter } from '@opentelemetry/api';
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
import type { HistogramDescription } from './histogram-description.js';
import { otelApi } from './otel-api.js';

/** What the recorder records a histogram value into: an OpenTelemetry `Histogram`, or a `KeptHistogram`. */
export interface RecordingHistogram {
  record(value: number, attributes: Attributes): void;
}

/** Makes the histogram of a description: the meter's, or a kept one. */
export type HistogramFactory = (description: HistogramDescription) => RecordingHistogram;

/** The latest conventions' token instruments: usage counters by modality, per-operation histograms. */
export interface LatestTokenInstruments {
  usageInput: Counter;
  usageOutput: Counter;
  usageCacheRead: Counter;
  usageCacheWrite: Counter;
  usageReasoning: Counter;
  operationInput: RecordingHistogram;
  operationOutput: RecordingHistogram;
}

/**
 * The GenAI client instruments of one mode. Durations and chunk timings have one histogram per
 * emitted name (two in `both`); token usage is the established histogram, the latest counters and
 * histograms, or both.
 */
export interface GenAiInstruments {
  durations: readonly RecordingHistogram[];
  timeToFirstChunk: readonly RecordingHistogram[];
  timePerOutputChunk: readonly RecordingHistogram[];
  /** `gen_ai.client.token.usage` (established). */
  tokenUsage: RecordingHistogram | undefined;
  /** `gen_ai.client.inference.usage.*` and `.operation.*` (latest). */
  latestTokens: LatestTokenInstruments | undefined;
}

/** A histogram in seconds with the conventions' duration boundaries. */
export function secondsDescription(name: string, description: string): HistogramDescription {
  return { name, description, unit: 's', valueType: 'DOUBLE', boundaries: DURATION_BUCKETS };
}

/** A histogram of token counts (integers) with the conventions' token boundaries. */
function tokenDescription(name: string, description: string): HistogramDescription {
  return { name, description, unit: '{token}', valueType: 'INT', boundaries: TOKEN_USAGE_BUCKETS };
}

/** The meter's histogram of a description (its boundaries given as advice). */
export function meterHistogram(meter: Meter, d: HistogramDescription): RecordingHistogram {
  return meter.createHistogram(d.name, {
    description: d.description,
    unit: d.unit,
    valueType: otelApi().ValueType[d.valueType],
    advice: { explicitBucketBoundaries: [...d.boundaries] },
  });
}

function tokenCounter(meter: Meter, name: string, description: string): Counter {
  return meter.createCounter(name, { description, unit: '{token}', valueType: otelApi().ValueType.INT });
}

const TTFC = 'Time to receive the first chunk of a streamed reply, from when the request was issued.';
const TPOC = 'Time between two chunks of a streamed reply, for each chunk after the first.';

/**
 * Creates the instruments `mode` records into, with the names, units and bucket boundaries of its
 * conventions: the counters on the meter, the histograms from `histogram` (the meter's by default).
 */
export function createGenAiInstruments(meter: Meter, mode: GenAiSemconv, histogram: HistogramFactory = (d) => meterHistogram(meter, d)): GenAiInstruments {
  const durations: RecordingHistogram[] = [];
  const timeToFirstChunk: RecordingHistogram[] = [];
  const timePerOutputChunk: RecordingHistogram[] = [];
  let tokenUsage: RecordingHistogram | undefined;
  let latestTokens: LatestTokenInstruments | undefined;
  if (emitsEstablished(mode)) {
    tokenUsage = histogram(tokenDescription(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, 'Number of input and output tokens used.'));
    durations.push(histogram(secondsDescription(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration.')));
    timeToFirstChunk.push(histogram(secondsDescription(METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK, TTFC)));
    timePerOutputChunk.push(histogram(secondsDescription(METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK, TPOC)));
  }
  if (emitsLatest(mode)) {
    durations.push(histogram(secondsDescription(LATEST.duration, 'GenAI client inference operation duration.')));
    timeToFirstChunk.push(histogram(secondsDescription(LATEST.timeToFirstChunk, TTFC)));
    timePerOutputChunk.push(histogram(secondsDescription(LATEST.timePerOutputChunk, TPOC)));
    latestTokens = {
      usageInput: tokenCounter(meter, LATEST.usageInputTokens, 'The number of input (prompt) tokens used, including cached tokens.'),
      usageOutput: tokenCounter(meter, LATEST.usageOutputTokens, 'The number of output (completion) tokens used, including reasoning tokens.'),
      usageCacheRead: tokenCounter(meter, LATEST.usageCacheReadInputTokens, 'The number of input tokens served from a provider-managed cache.'),
      usageCacheWrite: tokenCounter(meter, LATEST.usageCacheWriteInputTokens, 'The number of input tokens written to a provider-managed cache.'),
      usageReasoning: tokenCounter(meter, LATEST.usageReasoningOutputTokens, 'The number of output tokens used for reasoning.'),
      operationInput: histogram(tokenDescription(LATEST.operationInputTokens, 'The number of input (prompt) tokens used per inference operation.')),
      operationOutput: histogram(tokenDescription(LATEST.operationOutputTokens, 'The number of output (completion) tokens used per inference operation.')),
    };
  }
  return { durations, timeToFirstChunk, timePerOutputChunk, tokenUsage, latestTokens };
}
