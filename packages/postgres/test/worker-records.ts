import type { CallRecord } from '@llm/analytics';
import { makeCallRecord } from '@llm/analytics/testing';

export const NOW = Date.parse('2026-03-20T12:00:00Z');

/** Worker `w`'s records: the same few minutes and series as every other worker's, ids its own. */
export function makeWorkerRecords(w: number, n: number): CallRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const error = (i + w) % 17 === 0;
    return makeCallRecord({
      id: `w${w}-${i}`,
      model: i % 2 ? 'gpt-4o' : 'gpt-4o-mini',
      streamed: i % 3 === 0,
      start: NOW - 3_600_000 + (i % 20) * 60_000 + w,
      durationMs: 100 + ((i * 37 + w * 11) % 900),
      inputTokens: 100,
      outputTokens: 10 + (i % 7),
      costUsd: error ? undefined : 0.0001,
      inputUsd: undefined,
      outputUsd: undefined,
      outcome: error ? 'error' : 'success',
      errorCode: error ? 'timeout' : undefined,
      retries: i % 5 === 0 ? 1 : 0,
      tags: { worker: String(w) },
    });
  });
}
