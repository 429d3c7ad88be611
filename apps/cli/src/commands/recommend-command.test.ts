import { defaultCatalog } from '@llm/catalog';
import { recommend, TASK_PROFILES } from '@llm/recommend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../test/run-llm.test-util.js';

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.remove());

interface RecommendJson {
  profile: string;
  method: string;
  needs: { capabilities: string[]; inputModalities: string[]; inputTokens: number; outputTokens: number };
  ranked: Array<{ id: string; rank: number; score: number; summary: string; explanation: { criteria: Array<{ criterion: string; raw: number; contribution: number }> } }>;
  rankedCount: number;
  excluded: Array<{ id: string; failed: Array<{ constraint: string; message: string }> }>;
  notes: string[];
}

// The expected rankings come from @llm/recommend itself over the same catalog, not from this test.
const records = defaultCatalog().records();

describe('llm recommend', () => {
  it('ranks the catalog for a task with the needs and ceilings given, as @llm/recommend does, with the reasons', async () => {
    const args = ['recommend', '--task', 'extraction', '--needs', 'tools,vision', '--max-price', '0.002', '-p', 'openai,anthropic,google'];
    const [json, table] = await Promise.all([sandbox.run([...args, '--json', '-n', '50']), sandbox.run([...args, '-n', '3'])]);
    const expected = await recommend(records, {
      profile: 'extraction',
      needs: { capabilities: ['structuredOutput', 'toolCalling'], inputModalities: ['image'] },
      constraints: { maxCostPerCall: 0.002, providers: { allow: ['openai', 'anthropic', 'google'] } },
    });
    expect(expected.ranked.length).toBeGreaterThan(3);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as RecommendJson;
    expect(result.profile).toBe('extraction');
    expect(result.needs.capabilities.sort()).toEqual(['structuredOutput', 'toolCalling']);
    expect(result.needs.inputModalities).toEqual(['image']);
    expect(result.rankedCount).toBe(expected.ranked.length);
    expect(result.ranked.map((r) => [r.id, r.score])).toEqual(expected.ranked.slice(0, 50).map((r) => [r.candidate.id, r.explanation.score]));
    expect(result.excluded).toEqual(expected.excluded);
    // Every ranked model fits the ceiling and the providers; a left-out one says which constraint it failed.
    for (const r of result.ranked) expect(r.explanation.criteria.find((c) => c.criterion === 'cost')!.raw).toBeLessThanOrEqual(0.002);
    expect(result.ranked.every((r) => /^(openai|anthropic|google):/.test(r.id))).toBe(true);
    expect(result.excluded.find((e) => e.id.startsWith('groq:'))!.failed.map((f) => f.constraint)).toContain('provider');

    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^RANK\s+MODEL\s+SCORE\s+COST\/CALL\s+CONTEXT$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[1])).toEqual(expected.ranked.slice(0, 3).map((r) => r.candidate.id));
    expect(table.stdout).toContain(`\n${expected.ranked[0]!.summary}\n`);
    expect(table.stderr).toContain(`llm: ${expected.ranked.length} ranked for the extraction profile (2500 in + 300 out tokens a call, weighted-sum); ${expected.excluded.length} left out`);
  });

  it('with no model left, exits 5 naming the constraints that failed', async () => {
    const run = await sandbox.run(['recommend', '--task', 'long-context', '--max-price', '0', '-p', 'anthropic']);
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^llm: no model fits the long-context profile with these constraints \(\d+ left out; failed: .*maxCostPerCall.*\) \(hint: /);
  });

  it('refuses unknown profiles, needs, providers, methods and values with one line naming them (exit 2)', async () => {
    const [task, need, provider, method, price, latency] = await Promise.all([
      sandbox.run(['recommend', '--task', 'poetry']),
      sandbox.run(['recommend', '--needs', 'tools,telepathy']),
      sandbox.run(['recommend', '-p', `acme${String.fromCharCode(27)}[31m`]),
      sandbox.run(['recommend', '--method', 'vibes']),
      sandbox.run(['recommend', '--max-price', 'cheap']),
      sandbox.run(['recommend', '--max-latency', 'soon']),
    ]);
    for (const run of [task, need, provider, method, price, latency]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(task.stderr).toContain(`unknown task profile "poetry" [invalid_request] (hint: use one of ${Object.keys(TASK_PROFILES).join(', ')})`);
    expect(need.stderr).toContain('unknown need "telepathy"');
    expect(provider.stderr).toContain('unknown provider "acme\\u001b[31m"');
    expect(method.stderr).toContain('unknown ranking method "vibes"');
    expect(price.stderr).toContain('--max-price');
    expect(latency.stderr).toContain('--max-latency takes a duration, got "soon"');
  });
});
