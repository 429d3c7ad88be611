/**
 * `@llm/analytics/testing`: test-only builders of call records, for the tests of this package and
 * of packages that store or read its records (a store, a command that reports them). Not for
 * production code: ids come from a counter of this module.
 */
import type { CallRecord } from './call-record.js';

/** The `start` of a built record unless given: 2026-03-20T10:00:00Z. */
export const TEST_RECORD_START = Date.parse('2026-03-20T10:00:00Z');

let built = 0;

/**
 * A successful, priced `call` record of openai:gpt-4o-mini: 1,000 tokens in and 200 out for
 * $0.00027, 500 ms, at {@link TEST_RECORD_START}, id `r1`, `r2`, ... (its `callId` is its id).
 * Override any field; give `costUsd`, `inputUsd` and `outputUsd` as `undefined` for an unpriced one.
 */
export function makeCallRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  built += 1;
  const id = overrides.id ?? `r${built}`;
  return {
    id,
    kind: 'call',
    callId: id,
    attempt: 1,
    provider: 'openai',
    model: 'gpt-4o-mini',
    operation: 'chat',
    streamed: false,
    start: TEST_RECORD_START,
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
