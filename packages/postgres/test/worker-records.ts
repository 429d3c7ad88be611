import type { CallRecord } from '@llm/analytics';

export const NOW = Date.parse('2026-03-20T12:00:00Z');

/** Worker `w`'s records: the same few minutes and series as every other worker's, ids its own. */
export function makeWorkerRecords(w: number, n: number): CallRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `w${w}-${i}`;
    const error = (i + w) % 17 === 0;
    return {
      id,
      kind: 'call',
      callId: id,
      attempt: 1,
      provider: 'openai',
      model: i % 2 ? 'gpt-4o' : 'gpt-4o-mini',
      operation: 'chat',
      streamed: i % 3 === 0,
      start: NOW - 3_600_000 + (i % 20) * 60_000 + w,
      durationMs: 100 + ((i * 37 + w * 11) % 900),
      inputTokens: 100,
      outputTokens: 10 + (i % 7),
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: error ? undefined : 0.0001,
      outcome: error ? 'error' : 'success',
      errorCode: error ? 'timeout' : undefined,
      retries: i % 5 === 0 ? 1 : 0,
      fallbackHop: 0,
      cacheHit: false,
      tags: { worker: String(w) },
    };
  });
}
