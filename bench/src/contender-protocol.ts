import type { PathKind, PathOptions } from './openai-contenders.js';

/** What a contender process is asked to be. */
export interface ContenderSpec {
  mode: 'json' | 'stream';
  kind: PathKind;
  /** Serialisable path options (no custom fetch). */
  options: Omit<PathOptions, 'fetch'>;
  label?: string;
  /** Register the OpenTelemetry SDK globally in the contender's process first. */
  otelSdk?: boolean;
}

export type ToContender = { type: 'init'; spec: ContenderSpec } | { type: 'warmup'; n: number } | { type: 'block'; n: number } | { type: 'stats' } | { type: 'close' };
export type FromContender = { type: 'ready'; name: string } | { type: 'done' } | { type: 'cpu'; perCall: number } | { type: 'stats'; spans: number } | { type: 'error'; message: string };
