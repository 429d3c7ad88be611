import type { CallRecord } from '../call-record.js';
import { makeCallRecord } from '../testing.js';
import { normal, seeded } from '../test-random.test-util.js';

export const SAMPLE_STEP = 15 * 60_000;

/** One model's synthetic traffic: a log-normal latency, an error rate, a price, and events at known bucket starts. */
export interface SampleModel {
  provider: string;
  model: string;
  callsPerStep: number;
  latencyMs: number;
  errorRate: number;
  /** USD per million input tokens (output costs 4x). */
  inputPrice: number;
  streamed?: boolean;
  /** Latency times `factor` in the bucket starting at `at`. */
  spike?: { at: number; factor: number };
  /** Error rate `rate` in the bucket starting at `at`. */
  burst?: { at: number; rate: number };
  /** Input and output prices times `factor` from `at` on. */
  priceChange?: { at: number; factor: number };
}

/** Calls of each model every 15 minutes from `start` for `days`, seeded: the same records every run. */
export function sampleCalls(models: readonly SampleModel[], start: number, days: number, seed = 42): CallRecord[] {
  const random = seeded(seed);
  const out: CallRecord[] = [];
  const end = start + days * 86_400_000;
  for (const m of models) {
    for (let t = start; t < end; t += SAMPLE_STEP) {
      for (let i = 0; i < m.callsPerStep; i++) {
        const error = random() < (m.burst?.at === t ? m.burst.rate : m.errorRate);
        const price = m.inputPrice * (m.priceChange && t >= m.priceChange.at ? m.priceChange.factor : 1);
        const duration = m.latencyMs * Math.exp(0.1 * normal(random)) * (m.spike?.at === t ? m.spike.factor : 1);
        const inputTokens = error ? 0 : 1000;
        const outputTokens = error ? 0 : 200;
        out.push(
          makeCallRecord({
            id: `${m.model}-${t}-${i}`,
            provider: m.provider,
            model: m.model,
            streamed: m.streamed ?? false,
            start: t + i * 1000,
            durationMs: duration,
            ...(m.streamed && !error ? { ttfcMs: duration * 0.3, outputChunks: 40, chunkMs: (duration * 0.7) / 39 } : {}),
            outcome: error ? 'error' : 'success',
            errorCode: error ? 'overloaded' : undefined,
            costUsd: error ? undefined : (inputTokens * price + outputTokens * price * 4) / 1e6,
            inputUsd: error ? undefined : (inputTokens * price) / 1e6,
            outputUsd: error ? undefined : (outputTokens * price * 4) / 1e6,
            inputTokens,
            outputTokens,
          }),
        );
      }
    }
  }
  return out;
}
