import { describe, expect, it } from 'vitest';
import { MemoryAnalyticsStore } from '../memory-store.js';
import { buildReport } from '../report.js';
import { makeCallRecord } from '../testing.js';
import { capGroups } from './group-cap.js';
import { reportToHtml, type DashboardRow } from './report-html.js';

const NOW = Date.parse('2026-03-20T12:00:00Z');
const USERS = 15;

/** User `u<i>` makes i + 1 calls; every third call fails; calls of odd users hit the cache. */
function records() {
  const out = [];
  for (let i = 0; i < USERS; i++) {
    for (let k = 0; k <= i; k++) {
      const error = k % 3 === 2;
      out.push(
        makeCallRecord({
          start: NOW - 3_600_000 + i * 60_000 + k,
          tags: { user: `u${i}` },
          outcome: error ? 'error' : 'success',
          errorCode: error ? 'overloaded' : undefined,
          cacheHit: !error && i % 2 === 1,
          retries: k % 2,
          costUsd: error ? undefined : 0.001 * (i + 1),
        }),
      );
    }
  }
  return out;
}

async function report() {
  const store = new MemoryAnalyticsStore({ now: () => NOW });
  await store.append(records());
  return buildReport(store, { from: NOW - 2 * 3_600_000, to: NOW, groupBy: ['tag:user'] }, NOW);
}

const rowsOf = (page: string): DashboardRow[] => {
  const json = /<script type="application\/json" id="analytics-dashboard">([^<]*)<\/script>/.exec(page)![1]!;
  return (JSON.parse(json) as { rows: DashboardRow[] }).rows;
};

describe('the dashboard cap on groups', () => {
  it('shows the groups with the most calls, sums the rest as "other" and says so on the page', async () => {
    const page = reportToHtml(await report());
    // u14 .. u3 have 15 .. 4 calls: the twelve shown, with four charts each.
    expect(page.match(/<svg class="chart line-chart"/g)).toHaveLength(12 * 4);
    const rows = rowsOf(page);
    expect(rows.map((r) => r.label)).toEqual([...Array.from({ length: 12 }, (_, k) => `u${USERS - 1 - k}`), 'other (3 groups)']);
    // u0, u1, u2: 1 + 2 + 3 calls, computed here from the records.
    const rest = records().filter((r) => ['u0', 'u1', 'u2'].includes(r.tags!['user']!));
    const other = rows.at(-1)!;
    expect(other.calls).toBe(rest.length);
    expect(other.errorRate).toBeCloseTo(rest.filter((r) => r.outcome === 'error').length / rest.length, 9);
    expect(other.costUsd).toBeCloseTo(rest.reduce((a, r) => a + (r.costUsd ?? 0), 0), 12);
    expect(other.perCallUsd).toBeCloseTo(rest.reduce((a, r) => a + (r.costUsd ?? 0), 0) / rest.filter((r) => r.costUsd !== undefined).length, 12);
    expect(other.cacheHitRate).toBeCloseTo(rest.filter((r) => r.cacheHit).length / rest.length, 9);
    expect(other.retriesPerCall).toBeCloseTo(rest.reduce((a, r) => a + r.retries, 0) / rest.length, 9);
    expect([other.p50, other.p95, other.tokensPerSecond]).toEqual([null, null, null]);
    expect(page).toContain(`The 12 groups with the most calls of ${USERS}; the other 3 (${rest.length} calls) are summed in the row “other”, without charts.`);
    expect(page).toContain('id="group-other"');
    expect([...page.matchAll(/<li>(u\d+)<\/li>/g)].map((m) => m[1])).toEqual(['u2', 'u1', 'u0']);
  });

  it('has no "other" when every group fits, and takes its own cap', async () => {
    const r = await report();
    const all = reportToHtml(r, { maxGroups: USERS });
    expect(rowsOf(all)).toHaveLength(USERS);
    expect(all).not.toContain('group-other');
    const two = rowsOf(reportToHtml(r, { maxGroups: 2 }));
    expect(two.map((row) => [row.label, row.calls])).toEqual([
      ['u14', 15],
      ['u13', 14],
      [`other (${USERS - 2} groups)`, records().length - 29],
    ]);
  });

  it('orders ties by group values and refuses a cap that is not a whole number >= 1', async () => {
    const groups = (await report()).summary.groups;
    const tied = groups.map((g) => ({ ...g, count: 1 }));
    expect(capGroups(tied, 3).shown.map((g) => g.group['tag:user'])).toEqual(['u0', 'u1', 'u10']);
    expect(() => capGroups(groups, 0)).toThrow(/maxGroups: expected a whole number >= 1, got 0/);
    expect(() => capGroups(groups, 2.5)).toThrow(/got 2.5/);
  });
});
