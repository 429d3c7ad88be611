import { USAGE_COST_FIELDS, USAGE_TOKEN_FIELDS } from '@llm/core';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from './call-record.js';
import { attemptId, recordId, RecordIdSource } from './record-id.js';
import { RecordRing } from './record-ring.js';
import { makeCallRecord } from './testing.js';

/** A record with every field of `CallRecord` set, so a field the ring forgets shows up. */
const full = (i: number): CallRecord =>
  makeCallRecord({
    id: `c${i}.2`,
    kind: 'attempt',
    callId: `c${i}`,
    attempt: 2,
    provider: 'anthropic',
    model: 'claude-x',
    responseModel: `claude-x-2026-0${i % 9}`,
    operation: 'chat',
    streamed: true,
    start: 1_000 + i,
    durationMs: 812.25,
    ttfcMs: 120.5,
    chunkMs: 9.75,
    outputChunks: 40,
    inputTokens: 1500 + i,
    outputTokens: 300,
    cachedInputTokens: 200,
    cacheWriteTokens: 100,
    reasoningTokens: 50,
    costUsd: 0.0123,
    inputUsd: 0.004,
    outputUsd: 0.006,
    cachedInputUsd: 0.0003,
    cacheWriteUsd: 0.0005,
    reasoningUsd: 0.0015,
    outcome: 'error',
    errorCode: 'rate_limited',
    retries: 1,
    fallbackHop: 2,
    cacheHit: true,
    tags: { feature: 'search' },
    experiment: 'e1',
    arm: 'b',
  });

const recordIdSource = (): (() => string) => {
  const source = new RecordIdSource();
  return () => recordId(source.prefix, source.next());
};

const ids = (ring: RecordRing) => Array.from({ length: ring.size }, (_, k) => ring.at(k).id);

describe('RecordRing', () => {
  it('gives back every field of a record, set or absent', () => {
    const ring = new RecordRing(10);
    const a = full(1);
    const b = makeCallRecord({ id: 'plain' });
    ring.push(a);
    ring.push(b);
    expect(ring.at(0)).toStrictEqual(a);
    const back = ring.at(1);
    expect(back).toEqual(b);
    expect(Object.keys(a).every((key) => key in back)).toBe(true);
    expect([back.ttfcMs, back.chunkMs, back.outputChunks, back.errorCode, back.tags, back.cachedInputUsd]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('keeps the newest `capacity` records in order while it grows and wraps, and drops the oldest on demand', () => {
    const ring = new RecordRing(3000);
    for (let i = 0; i < 2500; i++) ring.push(full(i));
    expect(ring.size).toBe(2500);
    expect(ring.dropOldest((start) => start < 1_000 + 100)).toBe(100);
    for (let i = 2500; i < 4000; i++) ring.push(full(i));
    expect(ring.size).toBe(3000);
    expect(ids(ring)).toEqual(Array.from({ length: 3000 }, (_, k) => `c${1000 + k}.2`));
    expect(ring.at(2999)).toStrictEqual(full(3999));
  });

  it('gives back every id and call id, whether kept as numbers (the observers\' ids) or as strings', () => {
    const next = recordIdSource();
    const other = recordIdSource();
    const call = next();
    const cases: Array<[string, string]> = [
      [call, call],
      [attemptId(call, 1), call],
      [attemptId(call, 12), call],
      [other(), 'c'],
      [attemptId(other(), 3), 'unrelated'],
      ['a-01', 'a-01'],
      ['a-0', 'a-0'],
      ['-5', '-5'],
      ['x.y', 'x'],
      ['p-abc.07', 'p-abc'],
      ['p-ABC', 'p-ABC'],
      ['q-zzzzzzzzzz', 'q-zzzzzzzzzz'],
      ['q-zzzzzzzzzzz', 'q'],
      ['550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440000'],
      ['', ''],
    ];
    const ring = new RecordRing(100);
    for (const [id, callId] of cases) ring.push(makeCallRecord({ id, callId }));
    expect(Array.from({ length: ring.size }, (_, k) => [ring.at(k).id, ring.at(k).callId])).toEqual(cases);
  });

  it("takes an observer's id parts instead of parsing the id, and gives back the same id and call id", () => {
    const a = new RecordIdSource();
    const b = new RecordIdSource();
    const ring = new RecordRing(100);
    const made: Array<[string, string]> = [];
    for (let i = 0; i < 40; i++) {
      const source = i % 3 === 0 ? b : a;
      const counter = source.next();
      const callId = recordId(source.prefix, counter);
      const attempt = i % 2 === 0 ? NaN : (i % 5) + 1;
      const id = Number.isNaN(attempt) ? callId : attemptId(callId, attempt);
      ring.push(makeCallRecord({ id, callId }), { idPrefix: source.prefix, idCounter: counter, idAttempt: attempt });
      made.push([id, callId]);
    }
    // A record from elsewhere in between: kept as it came.
    ring.push(makeCallRecord({ id: 'from-elsewhere', callId: 'x' }));
    made.push(['from-elsewhere', 'x']);
    expect(Array.from({ length: ring.size }, (_, k) => [ring.at(k).id, ring.at(k).callId])).toEqual(made);
  });

  it("keeps every one of core's token and cost fields (a field added there is kept here or this fails)", () => {
    const ring = new RecordRing(4);
    const record = makeCallRecord();
    USAGE_TOKEN_FIELDS.forEach((field, i) => (record[field] = 101 + i));
    USAGE_COST_FIELDS.forEach((field, i) => (record[field] = 0.5 + i));
    ring.push(record);
    const back = ring.at(0);
    expect([...USAGE_TOKEN_FIELDS, ...USAGE_COST_FIELDS].map((field) => back[field])).toEqual([...USAGE_TOKEN_FIELDS, ...USAGE_COST_FIELDS].map((field) => record[field]));
  });

  it('keeps nothing with capacity 0', () => {
    const ring = new RecordRing(0);
    ring.push(full(1));
    expect(ring.size).toBe(0);
  });
});
