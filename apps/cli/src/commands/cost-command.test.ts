import { openSqliteStore } from '@llm/analytics';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';

const world = useCliWorld('openai');

interface JsonAnswer {
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  cost: { totalUsd: number };
}

interface Row {
  period: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  unpriced: number;
}

interface ReportJson {
  summary: { groups: Array<{ group: { provider: string; model: string }; count: number; errors: number; tokens: { input: number; output: number }; cost: { totalUsd: number } }> };
}

describe('llm cost', () => {
  it('one call is one record, which llm cost and llm analytics both read: a retried call too', async () => {
    const { sandbox, servers } = world;
    // A data directory of its own, so that this test's records are the only ones.
    const data = join(sandbox.home, 'one-call');
    const env = { XDG_DATA_HOME: data };
    servers.openai.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'Back.', usage: { inputTokens: 120, outputTokens: 30 } });
    const run = await sandbox.run(['--json', 'Hi'], { env: { ...env, ...world.keys('openai'), LLM_RETRY_INITIAL_DELAY: '10ms' } });
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout) as JsonAnswer;
    expect(servers.openai.requests).toHaveLength(2);

    const store = await openSqliteStore({ path: join(data, 'llm', 'analytics.db') });
    const records = await store.records({ from: 0, to: Date.now() + 60_000 });
    await store.close();
    const calls = records.filter((r) => r.kind === 'call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', outcome: 'success', retries: 1, attempt: 2, inputTokens: 120, outputTokens: 30 });
    expect(calls[0]!.costUsd).toBeCloseTo(answer.cost.totalUsd, 12);
    // Its two tries are attempts of that call (what analytics reads per try; neither report counts them).
    expect(records.filter((r) => r.kind === 'attempt').map((r) => [r.callId, r.outcome])).toEqual([
      [calls[0]!.id, 'error'],
      [calls[0]!.id, 'success'],
    ]);
    expect(existsSync(join(data, 'llm', 'usage.db'))).toBe(false);

    const [cost, report] = await Promise.all([sandbox.run(['cost', '--format', 'json'], { env }), sandbox.run(['analytics', 'report', '--format', 'json'], { env })]);
    const rows = JSON.parse(cost.stdout) as Row[];
    const groups = (JSON.parse(report.stdout) as ReportJson).summary.groups;
    expect(rows.map((r) => [r.model, r.calls, r.inputTokens, r.outputTokens])).toEqual([['openai:gpt-4o-mini', 1, 120, 30]]);
    expect(groups.map((g) => [`${g.group.provider}:${g.group.model}`, g.count, g.tokens.input, g.tokens.output])).toEqual([['openai:gpt-4o-mini', 1, 120, 30]]);
    expect(rows[0]!.costUsd).toBeCloseTo(answer.cost.totalUsd, 12);
    expect(groups[0]!.cost.totalUsd).toBeCloseTo(answer.cost.totalUsd, 12);
  });

  it('adds up every call to a vendor (--no-save ones too, not the mock\'s), as a table, CSV and JSON', async () => {
    const { sandbox, servers } = world;
    const empty = await sandbox.run(['cost']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('no calls recorded');

    servers.openai.enqueue({ kind: 'text', text: 'One.' }, { kind: 'text', text: 'Two, a longer answer.', usage: { inputTokens: 300, outputTokens: 40 } });
    const keys = world.keys('openai');
    const answers: JsonAnswer[] = [];
    for (const args of [['--json', 'first'], ['--json', '--no-save', 'second']]) {
      const run = await sandbox.run(args, { env: keys });
      expect(run.code).toBe(0);
      answers.push(JSON.parse(run.stdout) as JsonAnswer);
    }
    // The built-in mock (no key) costs nothing and is not recorded.
    expect((await sandbox.run(['-m', 'anthropic', 'third'])).code).toBe(0);

    const [json, csv, table] = await Promise.all([sandbox.run(['cost', '--format', 'json', '--period', 'month']), sandbox.run(['cost', '--format', 'csv']), sandbox.run(['cost', '--since', '7d'])]);
    const rows = JSON.parse(json.stdout) as Row[];
    const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set(['openai:gpt-4o-mini']));
    expect(rows.every((r) => /^\d{4}-\d{2}$/.test(r.period))).toBe(true);
    expect(sum((r) => r.calls)).toBe(2);
    expect(sum((r) => r.inputTokens)).toBe(answers[0]!.usage.inputTokens + answers[1]!.usage.inputTokens);
    expect(sum((r) => r.outputTokens)).toBe(answers[0]!.usage.outputTokens + answers[1]!.usage.outputTokens);
    expect(sum((r) => r.costUsd)).toBeCloseTo(answers[0]!.cost.totalUsd + answers[1]!.cost.totalUsd, 12);
    expect(sum((r) => r.unpriced)).toBe(0);

    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('period,model,calls,failed,inputTokens,outputTokens,costUsd,unpriced');
    expect(lines.slice(1).reduce((s, l) => s + Number(l.split(',')[2]), 0)).toBe(2);

    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^DAY\s+MODEL\s+CALLS\s+FAILED\s+TOKENS IN\s+TOKENS OUT\s+COST$/);
    expect(table.stderr).toContain('llm: 2 calls, $');

    const bad = await sandbox.run(['cost', '--period', 'fortnight']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period "fortnight" is not one of day, week, month');

    // The ledger of earlier builds is not read, and llm cost says so.
    writeFileSync(join(sandbox.home, 'data', 'llm', 'usage.db'), '');
    const old = await sandbox.run(['cost']);
    expect(old.code).toBe(0);
    expect(old.stderr).toContain(`${join(sandbox.home, 'data', 'llm', 'usage.db')} (the cost ledger of earlier development builds of llm) is no longer read`);
  });
});
