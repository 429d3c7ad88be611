import { openSqliteStore } from '@llm/analytics';
import { makeCallRecord } from '@llm/analytics/testing';
import { defaultCatalog } from '@llm/catalog';
import { recommend, TASK_PROFILES } from '@llm/recommend';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  ranked: Array<{
    id: string;
    rank: number;
    score: number;
    observed: { calls: number; latencyP95Ms?: number } | null;
    observedCalls: number;
    summary: string;
    explanation: { criteria: Array<{ criterion: string; raw: number; contribution: number }> };
  }>;
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
    expect(lines[0]).toMatch(/^RANK\s+MODEL\s+SCORE\s+COST\/CALL\s+CONTEXT\s+P95 LATENCY$/);
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

  it("--max-latency holds the models this machine observed, and names those it could not check (their latency is unknown, not fast)", async () => {
    // This machine's analytics store: 30 calls of gpt-4o-mini at ~3 s, 30 of claude-haiku-4-5 (recorded
    // under its alias) at ~300 ms, 5 of gpt-4o (too few to count).
    const data = join(sandbox.home, 'observed-data');
    mkdirSync(join(data, 'llm'), { recursive: true });
    const store = await openSqliteStore({ path: join(data, 'llm', 'analytics.db') });
    const now = Date.now();
    const seen = (provider: string, model: string, calls: number, ms: number) =>
      Array.from({ length: calls }, (_, i) => makeCallRecord({ id: `${model}-${i}`, provider, model, start: now - 3_600_000 + i * 1000, durationMs: ms + (i % 7) }));
    await store.append([...seen('openai', 'gpt-4o-mini', 30, 3000), ...seen('anthropic', 'claude-haiku-4-5', 30, 300), ...seen('openai', 'gpt-4o', 5, 200)]);
    await store.close();
    const env = { XDG_DATA_HOME: data };
    const haiku = defaultCatalog().get('anthropic:claude-haiku-4-5')!.id;

    const args = ['recommend', '--max-latency', '1s', '-p', 'openai,anthropic'];
    const [json, table, strict] = await Promise.all([
      sandbox.run([...args, '--json', '-n', '100'], { env }),
      sandbox.run([...args, '-n', '100'], { env }),
      sandbox.run([...args, '--require-observed', '--json'], { env }),
    ]);
    expect(json.code, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as RecommendJson;
    // Over the ceiling where observed: left out with the observed number.
    expect(result.excluded.find((e) => e.id === 'openai:gpt-4o-mini')!.failed).toEqual([
      { constraint: 'observed:latency', message: expect.stringMatching(/^observed p95 latency 30\d\d(\.\d+)? ms over 30 calls; the ceiling is 1000 ms$/) },
    ]);
    const ranked = new Map(result.ranked.map((r) => [r.id, r]));
    expect(ranked.get(haiku)!.observed).toMatchObject({ calls: 30 });
    expect(ranked.get(haiku)!.observed!.latencyP95Ms).toBeLessThan(1000);
    // Too few calls: ranked, but marked as not observed.
    expect(ranked.get('openai:gpt-4o')).toMatchObject({ observed: null, observedCalls: 5 });
    const blind = result.ranked.filter((r) => r.observed === null).length;
    expect(blind).toBe(result.rankedCount - 1);

    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^RANK\s+MODEL\s+SCORE\s+COST\/CALL\s+CONTEXT\s+P95 LATENCY$/);
    expect(table.stdout).toMatch(new RegExp(`${haiku.replace(/[.]/g, '\\.')}\\s.*\\s\\d{3} ms\\n`));
    expect(table.stdout).toMatch(/openai:gpt-4o\s.*no data \(5 calls\)\n/);
    expect(table.stderr).toContain(`llm: --max-latency 1s could not be checked for ${blind} of the ${result.rankedCount} ranked models: no observed latency since `);
    expect(table.stderr).toContain('observed on this machine since ');

    // --require-observed: only what was observed enough is ranked.
    expect(strict.code, strict.stderr).toBe(0);
    const only = JSON.parse(strict.stdout) as RecommendJson;
    expect(only.ranked.map((r) => r.id)).toEqual([haiku]);
    expect(only.excluded.find((e) => e.id === 'openai:gpt-4o')!.failed[0]).toMatchObject({ constraint: 'observed', message: expect.stringContaining('5 calls since') });
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
