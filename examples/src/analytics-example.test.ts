import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, it } from 'vitest';
import { runAnalyticsExample } from './analytics-example.js';

it('the analytics example records calls and attempts through the real SDK and reports them as Markdown, HTML and the observed numbers the recommender ranks by', async () => {
  const lines: string[] = [];
  const result = await runAnalyticsExample((line) => lines.push(line));
  try {
    const { totals, groups } = result.report.summary;
    // 8 answered calls, 1 answered after a retry, 1 failed, 1 stream: 11 calls, 1 error.
    expect(totals.count).toBe(11);
    expect(totals.errors).toBe(1);
    expect(totals.retriesPerCall).toBeCloseTo(1 / 11, 6);
    expect(groups.map((g) => [g.group['tag:feature'], g.count])).toEqual([
      ['search', 5],
      ['triage', 6],
    ]);
    expect(result.observed['openai:gpt-4o-mini']).toMatchObject({ calls: 11, errorRate: expect.closeTo(1 / 11, 6) });
    expect(result.observed['openai:gpt-4o-mini']!.latencyP95Ms).toBeGreaterThan(0);
    expect(result.markdown).toContain('| gpt-4o-mini | triage | 6 |');
    const html = readFileSync(result.htmlPath, 'utf8');
    expect(html).toContain('<title>LLM calls (example)</title>');
    expect(html).toContain('gpt-4o-mini · search');
    expect(lines).toContain('stream finished');
  } finally {
    rmSync(dirname(result.htmlPath), { recursive: true, force: true });
  }
});
