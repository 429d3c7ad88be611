import type { PathKind, PathOptions } from './openai-contenders.js';
import type { VendorName, VendorPath } from './vendor-call.js';

/** A contender of the `vendor-streams` case: one vendor's raw fetch, SDK or our client. */
export interface VendorContenderSpec {
  mode: 'json' | 'stream';
  vendor: VendorName;
  path: VendorPath;
  baseUrl: string;
  apiKey: string;
  label: string;
}

/** What a contender process is asked to be. */
export type ContenderSpec = OpenAIContenderSpec | VendorContenderSpec;

/** A contender of the OpenAI cases (raw SDK, bare model, default client). */
export interface OpenAIContenderSpec {
  mode: 'json' | 'stream';
  kind: PathKind;
  /** Serialisable path options (no custom fetch, no client options). */
  options: Omit<PathOptions, 'fetch' | 'clientOptions'>;
  label?: string;
  /** Register the OpenTelemetry SDK globally in the contender's process first. */
  otelSdk?: boolean;
  /**
   * With `otelSdk`: the client records with `createOtelMetricsRecorder({ meterProvider, histograms })`
   * (given by `withMetrics`) on the registered SDK's provider, its GenAI histograms kept by
   * `@llm/metrics` and read by the SDK's reader through `keptHistogramProducer` (the opt-in).
   */
  keptHistograms?: boolean;
}

export type ToContender = { type: 'init'; spec: ContenderSpec } | { type: 'warmup'; n: number } | { type: 'block'; n: number } | { type: 'stats' } | { type: 'firsts' } | { type: 'close' };
export type FromContender = { type: 'ready'; name: string } | { type: 'done' } | { type: 'cpu'; perCall: number } | { type: 'stats'; spans: number; keptHistogramPoints: number } | { type: 'firsts'; ms: number[] } | { type: 'error'; message: string };
