import { expect, it } from 'vitest';
import { runCostExample } from './cost-example.js';

it('the cost example prices replies, refuses over-limit calls before sending, keeps per-user budgets and alerts', async () => {
  const lines: string[] = [];
  const result = await runCostExample((line) => lines.push(line));
  expect(result.promptTokens).toBeGreaterThan(10);
  // gpt-4o-mini: 5k uncached at $0.15, 5k cached at $0.075, 500 out at $0.60 per million tokens.
  expect(result.firstCostUsd).toBeCloseTo(0.00075 + 0.000375 + 0.0003, 10);
  expect(result.refusedPerRequest).toBe(true);
  // $0.01 a day for alice at $0.001425 a call (each reserving its worst case first).
  expect(result.aliceRefusedAfter).toBeGreaterThanOrEqual(4);
  expect(result.aliceRefusedAfter).toBeLessThan(8);
  expect(result.alerts.map((a) => a.threshold)).toEqual([0.5, 0.8, 1]);
  expect(result.alerts.every((a) => a.scope === 'tag:user=alice')).toBe(true);
  expect(result.csv.split('\r\n')[0]).toContain('period,provider,model,tags');
  expect(result.csv).toContain('user=bob');
});
