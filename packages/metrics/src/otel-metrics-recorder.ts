import type { Attributes, Counter, Meter, MeterProvider } from '@opentelemetry/api';
import type { LLMErrorCode } from '@llm/errors';
import { resolveGenAiSemconv, type GenAiSemconv } from '@llm/schema';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  genAiProviderName,
  LLM_ATTRIBUTES,
  LLM_METRICS,
  UNKNOWN_TOKEN_MODALITY,
} from './gen-ai-semconv.js';
import { createGenAiInstruments, meterHistogram, secondsDescription, type GenAiInstruments, type RecordingHistogram } from './gen-ai-instruments.js';
import type { CallAttributes, CallOutcome, CircuitState, MetricsRecorder } from './metrics-recorder.js';
import { attributesKey, ObservedSums, type SumCell } from './observed-sums.js';
import type { KeptHistograms } from './kept-histograms.js';
import { otelApi } from './otel-api.js';

export const METER_NAME = '@llm/metrics';
export const METER_VERSION = '0.1.0';

export interface OtelMetricsRecorderOptions {
  /** A meter to record with (wins over `meterProvider`). */
  meter?: Meter;
  /** A provider to take the meter from; without either, the global provider (`metrics.getMeterProvider()`) at each call. */
  meterProvider?: MeterProvider;
  /**
   * Which GenAI metric names to record: `established` (v1.41.1), `latest` (semantic-conventions-genai)
   * or `both`. By default what `OTEL_SEMCONV_STABILITY_OPT_IN` asks for, else `established`.
   */
  semconv?: GenAiSemconv;
  /**
   * Where the GenAI histograms recorded per call go instead of the meter's histograms: the
   * operation duration, token usage, time to first chunk and time per output chunk of the mode
   * (and, in `latest`, the operation input/output token histograms), on each of which the
   * OpenTelemetry SDK would hash the attribute set at every record. The exporter reads them from
   * there (see `KeptHistograms`). Counters, observable sums and the `llm.*` instruments stay on the meter.
   */
  histograms?: KeptHistograms;
}

/** The framework's own synchronous instruments (`llm.*`). */
interface LlmInstruments {
  retries: Counter;
  rateLimitWait: RecordingHistogram;
  circuitStateChanges: Counter;
  cacheLookups: Counter;
}

/** The per-call counters, kept as running totals and read by observable instruments at collection. */
interface Sums {
  requests: ObservedSums;
  errors: ObservedSums;
  activeRequests: ObservedSums;
  activeStreams: ObservedSums;
  cost: ObservedSums;
}

function createLlmInstruments(meter: Meter): LlmInstruments {
  const { ValueType } = otelApi();
  return {
    retries: meter.createCounter(LLM_METRICS.retries, { description: 'Retries made, by the code of the failure retried.', unit: '{retry}', valueType: ValueType.INT }),
    rateLimitWait: meterHistogram(meter, secondsDescription(LLM_METRICS.rateLimitWait, 'Time callers waited for the rate limiter.')),
    circuitStateChanges: meter.createCounter(LLM_METRICS.circuitStateChanges, { description: 'Circuit breaker state changes.', unit: '{change}', valueType: ValueType.INT }),
    cacheLookups: meter.createCounter(LLM_METRICS.cacheLookups, { description: 'Response cache lookups, by result (hit or miss).', unit: '{lookup}', valueType: ValueType.INT }),
  };
}

/** Each running total: its instrument kind (monotonic or not), name, unit, description and value type. */
const SUMS: ReadonlyArray<[keyof Sums, 'counter' | 'updown', string, string, string, 'INT' | 'DOUBLE']> = [
  ['requests', 'counter', LLM_METRICS.requests, '{request}', 'Model calls that ended, successful or not.', 'INT'],
  ['errors', 'counter', LLM_METRICS.errors, '{error}', 'Model calls that failed, by LLMError code (error.type).', 'INT'],
  ['activeRequests', 'updown', LLM_METRICS.activeRequests, '{request}', 'Non-streamed model calls in flight.', 'INT'],
  ['activeStreams', 'updown', LLM_METRICS.activeStreams, '{stream}', 'Streamed model calls in flight.', 'INT'],
  ['cost', 'counter', LLM_METRICS.cost, '{USD}', 'Cost of model calls in US dollars.', 'DOUBLE'],
];

function createSums(meter: Meter): Sums {
  const sums: Sums = {
    requests: new ObservedSums(),
    errors: new ObservedSums(),
    activeRequests: new ObservedSums(),
    activeStreams: new ObservedSums(),
    cost: new ObservedSums(),
  };
  for (const [key, kind, name, unit, description, valueType] of SUMS) {
    const options = { description, unit, valueType: otelApi().ValueType[valueType] };
    const instrument = kind === 'counter' ? meter.createObservableCounter(name, options) : meter.createObservableUpDownCounter(name, options);
    instrument.addCallback((result) => sums[key].observe(result));
  }
  return sums;
}

function shortAttributes(a: Pick<CallAttributes, 'provider' | 'requestModel'>): Attributes {
  return { [ATTR_GEN_AI_PROVIDER_NAME]: genAiProviderName(a.provider), [ATTR_GEN_AI_REQUEST_MODEL]: a.requestModel };
}

/** The GenAI attributes of a call (without response model and error). */
function callAttributes(a: CallAttributes): Attributes {
  const out: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: a.operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: genAiProviderName(a.provider),
    [ATTR_GEN_AI_REQUEST_MODEL]: a.requestModel,
  };
  if (a.serverAddress !== undefined) {
    out[ATTR_SERVER_ADDRESS] = a.serverAddress;
    if (a.serverPort !== undefined) out[ATTR_SERVER_PORT] = a.serverPort;
  }
  return out;
}


/** What one outcome of a call (response model, error code) records, derived once and reused. */
interface Outcome {
  attributes: Attributes;
  /** Established token histogram: with `gen_ai.token.type`. */
  input: Attributes;
  output: Attributes;
  /** Latest usage counters: no `error.type`, with `gen_ai.token.modality`. */
  usage: Attributes;
  requests: SumCell;
  errors: SumCell | undefined;
  cost: SumCell | undefined;
  costKey: string;
}

/** What one CallAttributes object records: its attributes, its active-call cell, its outcomes. */
interface Scope {
  attributes: Attributes;
  stream: boolean;
  active: SumCell;
  outcomes: Map<string, Outcome>;
  /** The attributes with `gen_ai.response.model`, by response model (chunk timings). */
  answered: Map<string, Attributes>;
}

interface Recording {
  meter: Meter;
  genAi: GenAiInstruments;
  instruments: LlmInstruments;
  sums: Sums;
  scopes: WeakMap<CallAttributes, Scope>;
}

function outcomeKey(responseModel: string | undefined, errorCode: LLMErrorCode | undefined): string {
  if (errorCode === undefined) return responseModel ?? '';
  return `${responseModel ?? ''}\u0000${errorCode}`;
}

/**
 * A MetricsRecorder on the OpenTelemetry metrics API: the GenAI client metrics plus the
 * framework's `llm.*` metrics. Without a meter or provider it follows the global provider, so a
 * provider registered after the recorder was made is still used; while none is registered,
 * `isEnabled()` is false and middlewares skip measuring.
 *
 * Which GenAI metric names it records follows `options.semconv` (see `GenAiSemconv`). Per call,
 * with the established names, it makes three histogram records (duration, input and output
 * tokens); with the latest, eight (duration, five usage counters, two token histograms); `both`
 * makes both sets. With `options.histograms` the histogram records go to those `KeptHistograms`
 * instead of the SDK (no attribute hashing per record). The per-call counters (`llm.requests`,
 * `llm.errors`, `llm.active_*`, `llm.cost`) are running totals the SDK
 * reads when it collects, and every attribute set is derived once per CallAttributes object and
 * outcome. CallAttributes objects are therefore treated as immutable: make one per model and
 * reuse it (the middlewares do).
 */
export function createOtelMetricsRecorder(options: OtelMetricsRecorderOptions = {}): MetricsRecorder {
  const fixed = options.meter ?? options.meterProvider?.getMeter(METER_NAME, METER_VERSION);
  const semconv = resolveGenAiSemconv(options.semconv);
  const kept = options.histograms;
  let source: MeterProvider | undefined;
  let current: Recording | undefined;

  const recording = (meter: Meter): Recording => ({
    meter,
    genAi: kept ? createGenAiInstruments(meter, semconv, (d) => kept.histogram(d)) : createGenAiInstruments(meter, semconv),
    instruments: createLlmInstruments(meter),
    sums: createSums(meter),
    scopes: new WeakMap(),
  });
  const resolve = (): Recording => {
    if (fixed) return (current ??= recording(fixed));
    const provider = otelApi().metrics.getMeterProvider();
    if (provider !== source || !current) {
      source = provider;
      current = recording(provider.getMeter(METER_NAME, METER_VERSION));
    }
    return current;
  };
  const instruments = () => resolve().instruments;

  const scopeOf = (r: Recording, a: CallAttributes): Scope => {
    let scope = r.scopes.get(a);
    if (!scope) {
      const attributes = callAttributes(a);
      const sums = a.stream ? r.sums.activeStreams : r.sums.activeRequests;
      scope = { attributes, stream: a.stream, active: sums.cell(attributesKey(attributes), () => attributes), outcomes: new Map(), answered: new Map() };
      r.scopes.set(a, scope);
    }
    return scope;
  };

  const answeredBy = (scope: Scope, responseModel: string | undefined): Attributes => {
    if (responseModel === undefined) return scope.attributes;
    let attributes = scope.answered.get(responseModel);
    if (!attributes) {
      attributes = { ...scope.attributes, [ATTR_GEN_AI_RESPONSE_MODEL]: responseModel };
      scope.answered.set(responseModel, attributes);
    }
    return attributes;
  };

  const outcomeOf = (r: Recording, scope: Scope, responseModel: string | undefined, errorCode: LLMErrorCode | undefined): Outcome => {
    const key = outcomeKey(responseModel, errorCode);
    let outcome = scope.outcomes.get(key);
    if (!outcome) {
      const attributes: Attributes = { ...scope.attributes };
      if (responseModel !== undefined) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = responseModel;
      if (errorCode !== undefined) attributes[ATTR_ERROR_TYPE] = errorCode;
      const fullKey = attributesKey(attributes);
      const requests: Attributes = { ...attributes, [LLM_ATTRIBUTES.stream]: scope.stream };
      outcome = {
        attributes,
        input: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' },
        output: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' },
        usage: { ...answeredBy(scope, responseModel), [ATTR_GEN_AI_TOKEN_MODALITY]: UNKNOWN_TOKEN_MODALITY },
        requests: r.sums.requests.cell(attributesKey(requests), () => requests),
        errors: errorCode === undefined ? undefined : r.sums.errors.cell(fullKey, () => attributes),
        cost: undefined,
        costKey: fullKey,
      };
      scope.outcomes.set(key, outcome);
    }
    return outcome;
  };

  return {
    isEnabled: () => resolve().meter !== otelApi().createNoopMeter(), // the API's one no-op meter

    callStarted(a) {
      scopeOf(resolve(), a).active.value++;
    },

    callEnded(a, outcome: CallOutcome) {
      const r = resolve();
      const scope = scopeOf(r, a);
      scope.active.value--;
      const { errorCode, usage } = outcome;
      const o = outcomeOf(r, scope, outcome.responseModel, errorCode);
      const g = r.genAi;
      const seconds = outcome.durationMs / 1000;
      for (const duration of g.durations) duration.record(seconds, o.attributes);
      o.requests.value++;
      if (o.errors) o.errors.value++;
      // Established: the token histogram, for calls that answered with billed usage.
      if (usage && errorCode === undefined && g.tokenUsage) {
        g.tokenUsage.record(usage.inputTokens, o.input);
        g.tokenUsage.record(usage.outputTokens, o.output);
      }
      // Latest: every inference operation, failed ones included (0 when no usage came); a reply
      // that answered without usage (served from a cache) was not an inference operation.
      const t = g.latestTokens;
      if (t && (usage || errorCode !== undefined)) {
        const input = usage?.inputTokens ?? 0;
        const output = usage?.outputTokens ?? 0;
        t.usageInput.add(input, o.usage);
        t.usageOutput.add(output, o.usage);
        t.usageCacheRead.add(usage?.cachedInputTokens ?? 0, o.usage);
        t.usageCacheWrite.add(usage?.cacheWriteTokens ?? 0, o.usage);
        t.usageReasoning.add(usage?.reasoningTokens ?? 0, o.usage);
        t.operationInput.record(input, o.attributes);
        t.operationOutput.record(output, o.attributes);
      }
      if (usage?.cost && usage.cost.totalUsd > 0) (o.cost ??= r.sums.cost.cell(o.costKey, () => o.attributes)).value += usage.cost.totalUsd;
    },

    timeToFirstChunk(a, ms, responseModel) {
      const r = resolve();
      const attributes = answeredBy(scopeOf(r, a), responseModel);
      for (const h of r.genAi.timeToFirstChunk) h.record(ms / 1000, attributes);
    },

    timePerOutputChunk(a, ms, responseModel) {
      const r = resolve();
      const attributes = answeredBy(scopeOf(r, a), responseModel);
      for (const h of r.genAi.timePerOutputChunk) h.record(ms / 1000, attributes);
    },

    retry(a, attempt, errorCode) {
      instruments().retries.add(1, { ...shortAttributes(a), [ATTR_ERROR_TYPE]: errorCode, [LLM_ATTRIBUTES.retryAttempt]: attempt });
    },

    rateLimitWait(a, ms) {
      instruments().rateLimitWait.record(ms / 1000, shortAttributes(a));
    },

    circuitStateChange(a, from: CircuitState, to: CircuitState) {
      instruments().circuitStateChanges.add(1, { ...shortAttributes(a), [LLM_ATTRIBUTES.circuitPreviousState]: from, [LLM_ATTRIBUTES.circuitState]: to });
    },

    cacheLookup(a, hit) {
      instruments().cacheLookups.add(1, { ...shortAttributes(a), [LLM_ATTRIBUTES.cacheResult]: hit ? 'hit' : 'miss' });
    },
  };
}
