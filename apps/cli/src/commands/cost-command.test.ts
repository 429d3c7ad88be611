import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';

const world = useCliWorld('openai');

interface JsonAnswer {
  answeredBy: string;
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

describe('llm cost', () => {
  it('adds up every answer from a vendor (--no-save ones too, not the mock\'s), as a table, CSV and JSON', async () => {
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
    expect(new Set(rows.map((r) => r.model))).toEqual(new Set([answers[0]!.answeredBy]));
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
    expect(table.stdout.split('\n')[0]).toMatch(/^DAY\s+MODEL\s+CALLS\s+TOKENS IN\s+TOKENS OUT\s+COST$/);
    expect(table.stderr).toContain('llm: 2 calls, $');

    const bad = await sandbox.run(['cost', '--period', 'fortnight']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period "fortnight" is not one of day, week, month');
  });
});
