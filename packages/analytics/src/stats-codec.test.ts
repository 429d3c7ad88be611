import { describe, expect, it } from 'vitest';
import { addRecord, emptyStats } from './rollup.js';
import { packStats, unpackStats } from './stats-codec.js';
import { makeCallRecord } from './testing.js';

describe('packStats / unpackStats', () => {
  it('leaves out zeros and empty parts, and reads back the same stats (and the whole form too)', () => {
    const stats = emptyStats();
    addRecord(stats, makeCallRecord({ durationMs: 420 }));
    addRecord(stats, makeCallRecord({ outcome: 'error', errorCode: 'timeout', costUsd: undefined, inputTokens: 0, outputTokens: 0 }));
    const packed = packStats(stats);
    expect(Object.keys(packed).sort()).toEqual(['costUsd', 'count', 'errorCodes', 'errors', 'genMs', 'genTokens', 'inputTokens', 'latency', 'outputTokens', 'priced'].sort());
    expect(packed.latency).not.toHaveProperty('zero');
    expect(packed.priced).not.toHaveProperty('reasoningTokens');
    const json = JSON.stringify(packed);
    expect(json.length).toBeLessThan(JSON.stringify(stats).length * 0.6);
    expect(unpackStats(JSON.parse(json))).toEqual(stats);
    expect(unpackStats(JSON.parse(JSON.stringify(stats)))).toEqual(stats);
    expect(unpackStats({})).toEqual(emptyStats());
  });
});
