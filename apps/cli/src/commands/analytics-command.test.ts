import { openSqliteStore, type CallRecord } from '@llm/analytics';
import { makeCallRecord } from '@llm/analytics/testing';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';

const world = useCliWorld('openai');

interface ReportJson {
  summary: { groups: Array<{ group: { provider: string; model: string }; count: number; errors: number; tokens: { input: number; output: number }; cost: { totalUsd: number } }> };
}

const MINUTE = 60_000;
const DAY = 86_400_000;

describe('llm analytics', () => {
  it("records every call to a vendor (not the mock's) and reports them per model, as llm cost counts them", async () => {
    const env = world.keys('openai');
    for (let i = 0; i < 3; i++) {
      world.servers.openai.enqueue({ kind: 'text', text: `answer ${i}`, usage: { inputTokens: 10 + i, outputTokens: 5 } });
      expect((await world.sandbox.run(['-q', `question ${i}`], { env })).code).toBe(0);
    }
    expect((await world.sandbox.run(['-q', '-m', 'anthropic', 'mocked'])).code).toBe(0);
    const [report, csv, none, cost] = await Promise.all([
      world.sandbox.run(['analytics', 'report', '--format', 'json']),
      world.sandbox.run(['analytics', 'report', '--format', 'csv', '--model', 'openai:gpt-4o-mini']),
      world.sandbox.run(['analytics', 'report', '--format', 'json', '--model', 'anthropic:claude-haiku-4-5']),
      world.sandbox.run(['cost', '--format', 'json']),
    ]);
    expect(report.code, report.stderr).toBe(0);
    const groups = (JSON.parse(report.stdout) as ReportJson).summary.groups;
    expect(groups.map((g) => [g.group.provider, g.group.model, g.count, g.errors, g.tokens.input, g.tokens.output])).toEqual([['openai', 'gpt-4o-mini', 3, 0, 33, 15]]);
    const spent = (JSON.parse(cost.stdout) as Array<{ costUsd: number }>).reduce((sum, row) => sum + row.costUsd, 0);
    expect(groups[0]!.cost.totalUsd).toBeCloseTo(spent, 12);
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^openai,gpt-4o-mini,3,0,0,/);
    expect((JSON.parse(none.stdout) as ReportJson).summary.groups).toEqual([]);
  });

  it('reads a store given with --store: a latency that rises every day is a significant trend, and a spike in the last hour an anomaly', async () => {
    // Two stores of the same ten days: the trend is read where the last hour is like the rest, since
    // from 00:00 to 01:00 UTC the day buckets' last one holds only the spike's calls (a ten-fold day of
    // a few calls, which rightly makes the slope uncertain); the anomaly is read where it has the spike.
    const trendFile = join(world.sandbox.home, 'trend-analytics.db');
    const file = join(world.sandbox.home, 'gateway-analytics.db');
    await writeRisingLatency(trendFile, { spike: false });
    await writeRisingLatency(file, { spike: true });

    const [trends, table, anomalies, anomalyTable] = await Promise.all([
      world.sandbox.run(['analytics', 'trends', '--store', trendFile, '--since', '10d', '--format', 'json']),
      world.sandbox.run(['analytics', 'trends', '--store', trendFile, '--since', '10d']),
      world.sandbox.run(['analytics', 'anomalies', '--store', file, '--since', '3d', '--format', 'json']),
      world.sandbox.run(['analytics', 'anomalies', '--store', file, '--since', '3d']),
    ]);
    expect(trends.code, trends.stderr).toBe(0);
    const result = JSON.parse(trends.stdout) as { groups: Array<{ group: Record<string, string>; metrics: Array<{ metric: string; slope?: { perDay: number; significant: boolean } }> }> };
    expect(result.groups).toHaveLength(1);
    const p50 = result.groups[0]!.metrics.find((m) => m.metric === 'latency p50')!;
    expect(p50.slope?.significant).toBe(true);
    expect(p50.slope!.perDay).toBeGreaterThan(50);
    expect(table.stdout).toMatch(/\nopenai:gpt-4o-mini\s+latency p50\s+\d[\d.]*\/day\s+[\d.]+ to [\d.]+\s+yes/);

    expect(anomalies.code, anomalies.stderr).toBe(0);
    const found = (JSON.parse(anomalies.stdout) as { anomalies: Array<{ detector: string; group: Record<string, string>; severity: string; observed: number; baseline: number }> }).anomalies;
    const latency = found.find((a) => a.detector === 'latency');
    expect(latency).toMatchObject({ group: { provider: 'openai', model: 'gpt-4o-mini' }, severity: 'critical' });
    expect(latency!.observed / latency!.baseline).toBeGreaterThan(5);
    expect(anomalyTable.stdout).toMatch(/^SEVERITY\s+DETECTOR\s+MODEL\s+START \(UTC\)\s+END\s+WHAT\n(.*\n)*critical\s+latency\s+openai:gpt-4o-mini\s/);
  });

  it('refuses a missing store, a bad window or format with one line (exit 2); no store yet is an empty report', async () => {
    const [missing, since, format, empty] = await Promise.all([
      world.sandbox.run(['analytics', 'report', '--store', join(world.sandbox.home, 'nope.db')]),
      world.sandbox.run(['analytics', 'trends', '--since', 'yesterday']),
      world.sandbox.run(['analytics', 'anomalies', '--format', 'pdf']),
      world.sandbox.run(['analytics', 'report', '--format', 'json'], { env: { XDG_DATA_HOME: join(world.sandbox.home, 'empty-data') } }),
    ]);
    for (const run of [missing, since, format]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(missing.stderr).toContain(`no analytics store at ${join(world.sandbox.home, 'nope.db')}`);
    expect(since.stderr).toContain('--since "yesterday" is neither');
    expect(format.stderr).toContain('--format "pdf" is not one of table, json');
    expect(empty.code).toBe(0);
    expect((JSON.parse(empty.stdout) as ReportJson).summary.groups).toEqual([]);
    expect(empty.stderr).toContain('no calls recorded yet');
  });
});

/** Ten days, a call every 5 minutes, the latency 100 ms longer each day (plus a small wobble); with
 * `spike`, the last hour's calls take ten times as long. */
async function writeRisingLatency(path: string, { spike }: { spike: boolean }): Promise<void> {
  const store = await openSqliteStore({ path });
  const now = Date.now();
  const records: CallRecord[] = [];
  let i = 0;
  for (let t = now - 10 * DAY; t < now - 2 * MINUTE; t += 5 * MINUTE) {
    const day = (t - (now - 10 * DAY)) / DAY;
    const base = 500 + 100 * day + ((i * 37) % 11);
    records.push(makeCallRecord({ id: `test-${i++}`, start: t, durationMs: spike && t > now - 60 * MINUTE ? base * 10 : base }));
  }
  await store.append(records);
  await store.close();
}
