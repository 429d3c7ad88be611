import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openUsageLedger, type CallRecord } from './usage-ledger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function ledgerWith(calls: Array<Partial<CallRecord> & { at: string }>) {
  const dir = mkdtempSync(join(tmpdir(), 'llm-usage-'));
  dirs.push(dir);
  const ledger = await openUsageLedger(join(dir, 'usage.db'));
  for (const c of calls) {
    ledger.record({ model: 'openai:gpt-4o-mini', answeredBy: 'openai:gpt-4o-mini-2024-07-18', inputTokens: 10, outputTokens: 5, costUsd: 0.01, error: undefined, sessionId: undefined, ...c });
  }
  return ledger;
}

describe('the usage ledger', () => {
  it('sums calls per day, per week (from its Monday) and per month, by the model that answered', async () => {
    const ledger = await ledgerWith([
      { at: '2026-11-29T23:59:00.000Z' }, // a Sunday: the week of Monday 2026-11-23
      { at: '2026-11-30T00:01:00.000Z' }, // Monday
      { at: '2026-11-30T10:00:00.000Z', answeredBy: 'anthropic:claude-haiku-4-5-20251001', costUsd: 0.5, inputTokens: 100, outputTokens: 50 },
      { at: '2026-12-01T08:00:00.000Z', costUsd: undefined }, // price unknown
      { at: '2026-12-02T08:00:00.000Z', error: 'network', outputTokens: 2 }, // a stream cut after usage
    ]);
    expect(ledger.spend('day').map((r) => [r.period, r.model, r.calls, r.costUsd])).toEqual([
      ['2026-11-29', 'openai:gpt-4o-mini-2024-07-18', 1, 0.01],
      ['2026-11-30', 'anthropic:claude-haiku-4-5-20251001', 1, 0.5],
      ['2026-11-30', 'openai:gpt-4o-mini-2024-07-18', 1, 0.01],
      ['2026-12-01', 'openai:gpt-4o-mini-2024-07-18', 1, 0],
      ['2026-12-02', 'openai:gpt-4o-mini-2024-07-18', 1, 0.01],
    ]);
    expect(ledger.spend('week').map((r) => [r.period, r.model, r.calls, r.unpriced, r.failed])).toEqual([
      ['2026-11-23', 'openai:gpt-4o-mini-2024-07-18', 1, 0, 0],
      ['2026-11-30', 'anthropic:claude-haiku-4-5-20251001', 1, 0, 0],
      ['2026-11-30', 'openai:gpt-4o-mini-2024-07-18', 3, 1, 1],
    ]);
    const months = ledger.spend('month');
    expect(months.map((r) => [r.period, r.model, r.calls, r.inputTokens, r.outputTokens])).toEqual([
      ['2026-11', 'anthropic:claude-haiku-4-5-20251001', 1, 100, 50],
      ['2026-11', 'openai:gpt-4o-mini-2024-07-18', 2, 20, 10],
      ['2026-12', 'openai:gpt-4o-mini-2024-07-18', 2, 20, 7],
    ]);
    expect(months[1]!.costUsd).toBeCloseTo(0.02, 10);
    expect(ledger.spend('month', '2026-11-30T05:00:00.000Z').map((r) => [r.period, r.model, r.calls])).toEqual([
      ['2026-11', 'anthropic:claude-haiku-4-5-20251001', 1],
      ['2026-12', 'openai:gpt-4o-mini-2024-07-18', 2],
    ]);
    ledger.close();
  });
});
