import type { CallRecord } from '@llm/analytics';

let n = 0;

/** A successful, priced `call` record of openai:gpt-4o-mini (1,000 tokens in, 200 out); override any field. */
export function callRecord(overrides: Partial<CallRecord> & { start: number }): CallRecord {
  n += 1;
  const id = overrides.id ?? `test-${n}`;
  return {
    id,
    kind: 'call',
    callId: id,
    attempt: 1,
    provider: 'openai',
    model: 'gpt-4o-mini',
    operation: 'chat',
    streamed: false,
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
