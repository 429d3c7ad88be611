import { describe, expect, it } from 'vitest';
import { batch } from './batch.js';
import { scriptedModel } from '../retry/retry-scripted-model.test-util.js';

const req = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('batch', () => {
  it('returns results in request order, with per-item errors', async () => {
    const scripted = scriptedModel([
      { text: 'one', delayMs: 40 },
      { error: 'invalid_request' },
      { text: 'three', delayMs: 5 },
      { text: 'four' },
    ]);
    const results = await batch(scripted.model, [req('1'), req('2'), req('3'), req('4')], { concurrency: 2 });
    expect(results.map((r) => (r.ok ? r.response.text : r.error.code))).toEqual(['one', 'invalid_request', 'three', 'four']);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const scripted = scriptedModel(Array.from({ length: 9 }, () => ({ text: 'x', delayMs: 10 })));
    const counting = {
      ...scripted.model,
      chat: async (...args: Parameters<typeof scripted.model.chat>) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await scripted.model.chat(...args);
        } finally {
          inFlight--;
        }
      },
    } as typeof scripted.model;
    const seen: number[] = [];
    const results = await batch(counting, Array.from({ length: 9 }, (_, i) => req(String(i))), { concurrency: 3, onResult: (i) => seen.push(i) });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(peak).toBe(3);
    expect(seen.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('aborting cancels calls in flight and never sends the rest', async () => {
    const scripted = scriptedModel(Array.from({ length: 6 }, () => ({ text: 'x', delayMs: 500 })));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const results = await batch(scripted.model, Array.from({ length: 6 }, (_, i) => req(String(i))), { concurrency: 2, signal: controller.signal });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(Array(6).fill('canceled'));
    expect(scripted.calls).toBe(2);
  });

  it('rejects a bad concurrency and handles an empty list', async () => {
    const scripted = scriptedModel();
    await expect(batch(scripted.model, [req('x')], { concurrency: 0 })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(await batch(scripted.model, [])).toEqual([]);
  });
});
