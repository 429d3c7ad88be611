import { createNoopMeter, metrics, ValueType, type Attributes, type Counter, type Histogram, type Meter, type MeterProvider, type UpDownCounter } from '@opentelemetry/api';
import type { LLMErrorCode } from '@llm/errors';
import type { Usage } from '@llm/schema';
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
import type { CallAttributes, CircuitState, MetricsRecorder } from './metrics-recorder.js';

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
  requests: Counter;
  errors: Counter;
  activeRequests: UpDownCounter;
  activeStreams: UpDownCounter;
  retries: Counter;
  rateLimitWait: Histogram;
  circuitStateChanges: Counter;
  cacheLookups: Counter;
  cost: Counter;
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
    requests: meter.createCounter(LLM_METRICS.requests, { description: 'Model calls that ended, successful or not.', unit: '{request}', valueType: ValueType.INT }),
    errors: meter.createCounter(LLM_METRICS.errors, { description: 'Model calls that failed, by LLMError code (error.type).', unit: '{error}', valueType: ValueType.INT }),
    activeRequests: meter.createUpDownCounter(LLM_METRICS.activeRequests, { description: 'Non-streamed model calls in flight.', unit: '{request}', valueType: ValueType.INT }),
    activeStreams: meter.createUpDownCounter(LLM_METRICS.activeStreams, { description: 'Streamed model calls in flight.', unit: '{stream}', valueType: ValueType.INT }),
    retries: meter.createCounter(LLM_METRICS.retries, { description: 'Retries made, by the code of the failure retried.', unit: '{retry}', valueType: ValueType.INT }),
    rateLimitWait: seconds(LLM_METRICS.rateLimitWait, 'Time callers waited for the rate limiter.'),
    circuitStateChanges: meter.createCounter(LLM_METRICS.circuitStateChanges, { description: 'Circuit breaker state changes.', unit: '{change}', valueType: ValueType.INT }),
    cacheLookups: meter.createCounter(LLM_METRICS.cacheLookups, { description: 'Response cache lookups, by result (hit or miss).', unit: '{lookup}', valueType: ValueType.INT }),
    cost: meter.createCounter(LLM_METRICS.cost, { description: 'Cost of model calls in US dollars.', unit: '{USD}', valueType: ValueType.DOUBLE }),
  };
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

/**
 * A MetricsRecorder on the OpenTelemetry metrics API: the GenAI client metrics plus the
 * framework's `llm.*` metrics. Without a meter or provider it follows the global provider, so a
 * provider registered after the recorder was made is still used; while none is registered,
 * `isEnabled()` is false and middlewares skip measuring.
 */
export function createOtelMetricsRecorder(options: OtelMetricsRecorderOptions = {}): MetricsRecorder {
  const fixed = options.meter ?? options.meterProvider?.getMeter(METER_NAME, METER_VERSION);
  let source: MeterProvider | undefined;
  let current: { meter: Meter; instruments: Instruments } | undefined;
  // Attributes derived once per call (the same CallAttributes object) so per-chunk records allocate nothing.
  const derived = new WeakMap<CallAttributes, Attributes>();

  const resolve = (): { meter: Meter; instruments: Instruments } => {
    if (fixed) return (current ??= { meter: fixed, instruments: createInstruments(fixed) });
    const provider = metrics.getMeterProvider();
    if (provider !== source || !current) {
      source = provider;
      const meter = provider.getMeter(METER_NAME, METER_VERSION);
      current = { meter, instruments: createInstruments(meter) };
    }
    return current;
  };
  const instruments = () => resolve().instruments;
  const base = (a: CallAttributes): Attributes => {
    let attrs = derived.get(a);
    if (!attrs) {
      attrs = callAttributes(a);
      derived.set(a, attrs);
    }
    return attrs;
  };

  return {
    isEnabled: () => resolve().meter !== NOOP_METER,

    callStarted(a) {
      const i = instruments();
      (a.stream ? i.activeStreams : i.activeRequests).add(1, base(a));
    },

    callEnded(a, outcome: { durationMs: number; usage?: Usage; errorCode?: LLMErrorCode }) {
      const i = instruments();
      const attrs = base(a);
      (a.stream ? i.activeStreams : i.activeRequests).add(-1, attrs);
      const full: Attributes = { ...attrs };
      if (a.responseModel !== undefined) full[ATTR_GEN_AI_RESPONSE_MODEL] = a.responseModel;
      if (outcome.errorCode !== undefined) full[ATTR_ERROR_TYPE] = outcome.errorCode;
      i.duration.record(outcome.durationMs / 1000, full);
      i.requests.add(1, { ...full, [LLM_ATTRIBUTES.stream]: a.stream });
      if (outcome.errorCode !== undefined) i.errors.add(1, full);
      const usage = outcome.usage;
      if (usage) {
        i.tokenUsage.record(usage.inputTokens, { ...full, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
        i.tokenUsage.record(usage.outputTokens, { ...full, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' });
        if (usage.cost && usage.cost.totalUsd > 0) i.cost.add(usage.cost.totalUsd, full);
      }
    },

    timeToFirstChunk(a, ms) {
      instruments().timeToFirstChunk.record(ms / 1000, base(a));
    },

    timePerOutputChunk(a, ms) {
      instruments().timePerOutputChunk.record(ms / 1000, base(a));
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
