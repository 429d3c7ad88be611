import { createNoopMeter, metrics, ValueType, type Attributes, type Counter, type Histogram, type Meter, type MeterProvider } from '@opentelemetry/api';
import type { LLMErrorCode } from '@llm/errors';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DURATION_BUCKETS,
  genAiProviderName,
  LLM_ATTRIBUTES,
  LLM_METRICS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  TOKEN_USAGE_BUCKETS,
} from './gen-ai-semconv.js';
import type { CallAttributes, CallOutcome, CircuitState, MetricsRecorder } from './metrics-recorder.js';
import { attributesKey, ObservedSums, type SumCell } from './observed-sums.js';

export const METER_NAME = '@llm/metrics';
export const METER_VERSION = '0.1.0';

export interface OtelMetricsRecorderOptions {
  /** A meter to record with (wins over `meterProvider`). */
  meter?: Meter;
  /** A provider to take the meter from; without either, the global provider (`metrics.getMeterProvider()`) at each call. */
  meterProvider?: MeterProvider;
}

interface Instruments {
  tokenUsage: Histogram;
  duration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
  retries: Counter;
  rateLimitWait: Histogram;
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

function createInstruments(meter: Meter): Instruments {
  const seconds = (name: string, description: string) =>
    meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] } });
  return {
    tokenUsage: meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...TOKEN_USAGE_BUCKETS] },
    }),
    duration: seconds(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration.'),
    timeToFirstChunk: seconds(METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK, 'Time to receive the first chunk of a streamed reply, from when the request was issued.'),
    timePerOutputChunk: seconds(METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK, 'Time between two chunks of a streamed reply, for each chunk after the first.'),
    retries: meter.createCounter(LLM_METRICS.retries, { description: 'Retries made, by the code of the failure retried.', unit: '{retry}', valueType: ValueType.INT }),
    rateLimitWait: seconds(LLM_METRICS.rateLimitWait, 'Time callers waited for the rate limiter.'),
    circuitStateChanges: meter.createCounter(LLM_METRICS.circuitStateChanges, { description: 'Circuit breaker state changes.', unit: '{change}', valueType: ValueType.INT }),
    cacheLookups: meter.createCounter(LLM_METRICS.cacheLookups, { description: 'Response cache lookups, by result (hit or miss).', unit: '{lookup}', valueType: ValueType.INT }),
  };
}

/** Each running total: its instrument kind (monotonic or not), name, unit, description and value type. */
const SUMS: ReadonlyArray<[keyof Sums, 'counter' | 'updown', string, string, string, ValueType]> = [
  ['requests', 'counter', LLM_METRICS.requests, '{request}', 'Model calls that ended, successful or not.', ValueType.INT],
  ['errors', 'counter', LLM_METRICS.errors, '{error}', 'Model calls that failed, by LLMError code (error.type).', ValueType.INT],
  ['activeRequests', 'updown', LLM_METRICS.activeRequests, '{request}', 'Non-streamed model calls in flight.', ValueType.INT],
  ['activeStreams', 'updown', LLM_METRICS.activeStreams, '{stream}', 'Streamed model calls in flight.', ValueType.INT],
  ['cost', 'counter', LLM_METRICS.cost, '{USD}', 'Cost of model calls in US dollars.', ValueType.DOUBLE],
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
    const options = { description, unit, valueType };
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

const NOOP_METER = createNoopMeter();

/** What one outcome of a call (response model, error code) records, derived once and reused. */
interface Outcome {
  attributes: Attributes;
  input: Attributes;
  output: Attributes;
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
  instruments: Instruments;
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
 * Per call it makes three histogram records (duration, input and output tokens); the per-call
 * counters (`llm.requests`, `llm.errors`, `llm.active_*`, `llm.cost`) are running totals the SDK
 * reads when it collects, and every attribute set is derived once per CallAttributes object and
 * outcome. CallAttributes objects are therefore treated as immutable: make one per model and
 * reuse it (the middlewares do).
 */
export function createOtelMetricsRecorder(options: OtelMetricsRecorderOptions = {}): MetricsRecorder {
  const fixed = options.meter ?? options.meterProvider?.getMeter(METER_NAME, METER_VERSION);
  let source: MeterProvider | undefined;
  let current: Recording | undefined;

  const recording = (meter: Meter): Recording => ({ meter, instruments: createInstruments(meter), sums: createSums(meter), scopes: new WeakMap() });
  const resolve = (): Recording => {
    if (fixed) return (current ??= recording(fixed));
    const provider = metrics.getMeterProvider();
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
        requests: r.sums.requests.cell(attributesKey(requests), () => requests),
        errors: errorCode === undefined ? undefined : r.sums.errors.cell(fullKey, () => attributes),
        cost: undefined,
        costKey: fullKey,
      };
      scope.outcomes.set(key, outcome);
    }
    return outcome;
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

  return {
    isEnabled: () => resolve().meter !== NOOP_METER,

    callStarted(a) {
      scopeOf(resolve(), a).active.value++;
    },

    callEnded(a, outcome: CallOutcome) {
      const r = resolve();
      const scope = scopeOf(r, a);
      scope.active.value--;
      const o = outcomeOf(r, scope, outcome.responseModel, outcome.errorCode);
      r.instruments.duration.record(outcome.durationMs / 1000, o.attributes);
      o.requests.value++;
      if (o.errors) o.errors.value++;
      const usage = outcome.usage;
      if (usage) {
        r.instruments.tokenUsage.record(usage.inputTokens, o.input);
        r.instruments.tokenUsage.record(usage.outputTokens, o.output);
        if (usage.cost && usage.cost.totalUsd > 0) (o.cost ??= r.sums.cost.cell(o.costKey, () => o.attributes)).value += usage.cost.totalUsd;
      }
    },

    timeToFirstChunk(a, ms, responseModel) {
      const r = resolve();
      r.instruments.timeToFirstChunk.record(ms / 1000, answeredBy(scopeOf(r, a), responseModel));
    },

    timePerOutputChunk(a, ms, responseModel) {
      const r = resolve();
      r.instruments.timePerOutputChunk.record(ms / 1000, answeredBy(scopeOf(r, a), responseModel));
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
