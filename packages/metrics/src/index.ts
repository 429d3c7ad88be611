export { noopMetricsRecorder, type MetricsRecorder, type CallAttributes, type CircuitState } from './metrics-recorder.js';
