/** What each contender of the `vendor-streams` case is: one vendor, one path, one call at a time. */

export const VENDORS = ['openai', 'groq', 'openrouter', 'anthropic', 'google'] as const;
export type VendorName = (typeof VENDORS)[number];
/** `ours-fetch`: ours with `transport: 'fetch'` (Node's fetch, the default before node:http), only with `BENCH_OURS_FETCH=1`. */
export type VendorPath = 'fetch' | 'sdk' | 'ours' | 'ours-fetch';

/** One whole stream: its text chunks, their text, and the wall time to the first one (ms). */
export interface StreamRun {
  chunks: number;
  text: string;
  firstMs: number;
}

export interface VendorCall {
  /** One non-streaming request; the reply's text. */
  json(): Promise<string>;
  stream(): Promise<StreamRun>;
}

/** A stream's text deltas as a caller reads them, with the wall time to the first (from the tally's making). */
export class StreamTally implements StreamRun {
  private readonly started = performance.now();
  text = '';
  chunks = 0;
  firstMs = Number.NaN;

  add(delta: string): void {
    if (this.chunks === 0) this.firstMs = performance.now() - this.started;
    this.text += delta;
    this.chunks++;
  }
}
