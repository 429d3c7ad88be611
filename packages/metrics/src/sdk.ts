/**
 * `@llm/metrics/sdk`: what joins the recorder to the OpenTelemetry SDK. It imports
 * `@opentelemetry/sdk-metrics` and `@opentelemetry/resources` (optional peers of this package);
 * the main entry `@llm/metrics` never loads them.
 */
export { keptHistogramProducer, type KeptHistogramProducerOptions } from './sdk/kept-histogram-producer.js';
