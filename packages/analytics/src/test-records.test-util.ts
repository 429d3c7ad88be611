import type { CallRecord } from './call-record.js';

let n = 0;

/** A successful, priced call record; override any field. */
export function makeRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  n += 1;
  const id = overrides.id ?? `r${n}`;
  return {
    id,
    kind: 'call',
    callId: id,
    attempt: 1,
    provider: 'openai',
    model: 'gpt-4o-mini',
    operation: 'chat',
    streamed: false,
    start: Date.parse('2026-03-20T10:00:00Z'),
    durationMs: 500,
    inputTokens: 1000,
    outputTokens: 200,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.00027,
    inputUsd: 0.00015,
    outputUsd: 0.00012,
    outcome: 'success',
    retries: 0,
    fallbackHop: 0,
    cacheHit: false,
    ...overrides,
  };
}
