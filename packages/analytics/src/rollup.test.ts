import { USAGE_TOKEN_FIELDS } from '@llm/core';
import { describe, expect, it } from 'vitest';
import { addRecord, emptyStats, mergeStats } from './rollup.js';
import { makeCallRecord } from './testing.js';

describe('roll-up sums', () => {
  it("add and merge every one of core's token fields (a field added there is summed here or this fails)", () => {
    const a = makeCallRecord();
    const b = makeCallRecord();
    USAGE_TOKEN_FIELDS.forEach((field, i) => {
      a[field] = 10 + i;
      b[field] = 1000 * (i + 1);
    });
    const one = emptyStats();
    addRecord(one, a);
    addRecord(one, b);
    const merged = emptyStats();
    mergeStats(merged, one);
    mergeStats(merged, one);
    expect(USAGE_TOKEN_FIELDS.map((field) => [one[field], merged[field]])).toEqual(USAGE_TOKEN_FIELDS.map((field) => [a[field] + b[field], 2 * (a[field] + b[field])]));
  });
});
