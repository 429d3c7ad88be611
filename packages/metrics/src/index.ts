export { noopMetricsRecorder, type MetricsRecorder, type CallAttributes, type CallOutcome, type CircuitState } from './metrics-recorder.js';
export { createOtelMetricsRecorder, METER_NAME, METER_VERSION, type OtelMetricsRecorderOptions } from './otel-metrics-recorder.js';
export { KeptHistograms, type KeptHistogramsOptions, type KeptHistogramMetric } from './kept-histograms.js';
export { KeptHistogram, type HistogramPoint } from './kept-histogram.js';
export type { HistogramDescription } from './histogram-description.js';
export type { RecordingHistogram } from './gen-ai-instruments.js';
export {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  DURATION_BUCKETS,
  LATEST_GEN_AI_METRICS,
  LLM_ATTRIBUTES,
  LLM_METRICS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  TOKEN_USAGE_BUCKETS,
  UNKNOWN_TOKEN_MODALITY,
  genAiProviderName,
} from './gen-ai-semconv.js';
