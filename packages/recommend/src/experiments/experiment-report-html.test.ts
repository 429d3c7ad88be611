import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '@llm/mocks';
import { launchChromium, type TestBrowser } from '@llm/tooling/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment } from './analyze-experiment.js';
import type { Experiment } from './experiment.js';
import { experimentReportHtml } from './experiment-report-html.js';
import type { ExperimentCall } from './experiment-store.js';
import { niceTicks } from './interval-chart.js';

const HOSTILE_A = '</script><script>window.__pwned = 1</script>';
const HOSTILE_B = '<img src=x onerror="window.__pwned = 2">';
const HOSTILE_ID = 'exp "1" <b>&amp;</b>';
const experiment: Experiment = { id: HOSTILE_ID, arms: [{ name: 'control', weight: 1 }, { name: HOSTILE_A, weight: 1 }, { name: HOSTILE_B, weight: 1 }] };

/** Calls in turn to each arm: a success with the arm's rate, latency around the arm's median. */
function calls(seed: number, rates: readonly number[], perArm: number, keep: (arm: number) => boolean = () => true): ExperimentCall[] {
  const random = seededRandom(seed);
  const out: ExperimentCall[] = [];
  for (let i = 0; i < perArm; i++) {
    experiment.arms.forEach((arm, a) => {
      if (!keep(a)) return;
      out.push({
        callId: `c${out.length}`,
        experimentId: experiment.id,
        arm: arm.name,
        unit: `u${out.length}`,
        startedAt: out.length,
        latencyMs: [900, 700, 1000][a]! * Math.exp(0.3 * (random() - 0.5)),
        timeToFirstChunkMs: 100 + 50 * random(),
        inputTokens: 100,
        outputTokens: 50,
        costUsd: [0.001, 0.0008, 0.0012][a],
        error: random() < 0.01 ? 'overloaded' : undefined,
        outcome: random() < rates[a]!,
      });
    });
  }
  return out;
}

const analysis = analyzeExperiment(experiment, calls(11, [0.1, 0.2, 0.1], 2000), { mde: 0.03 });
const page = experimentReportHtml(analysis);
const dataBlock = (text: string) => text.match(/<script type="application\/json" id="experiment-analysis">[^<]*<\/script>/g) ?? [];

describe('experimentReportHtml (as a file)', () => {
  it('is one file with no script to run and nothing to fetch; hostile names only as escaped text or inert JSON', () => {
    expect(analysis.verdict).toMatchObject({ decision: 'winner', arm: HOSTILE_A });
    const blocks = dataBlock(page);
    expect(blocks).toHaveLength(1);
    const outside = page.replace(blocks[0]!, '');
    // Every `<` left is markup (text has `&lt;`): no tag loads, runs or handles anything.
    const tags = outside.match(/<[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    expect(tags.filter((t) => /^<(script|img|iframe|object|link)\b|\s(src|href|on\w+)=/i.test(t))).toEqual([]);
    expect(outside).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(outside).toContain('exp &quot;1&quot; &lt;b&gt;&amp;amp;&lt;/b&gt;');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!.replace(/&#39;/g, "'");
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+' 'sha256-[^']+'; script-src 'none';/);
    // The JSON block reads back as the analysis itself.
    const json = blocks[0]!.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, '');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(analysis)));
  });

  it('gives the same file for the same analysis, and states what there is when no plan or chart applies', () => {
    expect(experimentReportHtml(analysis)).toBe(page);
    const byLatency = experimentReportHtml(analyzeExperiment(experiment, calls(12, [0.1, 0.1, 0.1], 300), { primary: 'latency' }), { title: 'Latency' });
    expect(byLatency).toContain('<title>Latency</title>');
    expect(byLatency).toContain('none: no minimum detectable effect was given');
    expect(byLatency).not.toContain('id="arms-chart-t"'); // latency has no per-arm interval to draw
    expect(byLatency).toContain('id="difference-chart-t"');
    expect(byLatency).toMatch(/Normal approximation: each arm’s mean is N\(x̄, s²\/n\); lower latency is better/);
    const drop = seededRandom(14);
    const skewed = analyzeExperiment(experiment, calls(13, [0.1, 0.1, 0.1], 3000, (a) => a !== 2 || drop() < 0.8), { mde: 0.03 });
    expect(skewed.verdict.decision).toBe('invalid');
    expect(experimentReportHtml(skewed)).toMatch(/class="verdict verdict-invalid"[\s\S]*Mismatch: the units per arm/);
  });

  it('places round ticks across a range', () => {
    expect(niceTicks(-0.012, 0.094)).toEqual([0, 0.02, 0.04, 0.06, 0.08]);
    expect(niceTicks(640, 1130)).toEqual([700, 800, 900, 1000, 1100]);
  });
});

describe('experimentReportHtml in a real headless Chromium', () => {
  let browser: TestBrowser;
  let dir: string;
  const texts = (selector: string): Promise<string[]> => browser.page.$$eval(selector, (nodes) => nodes.map((n) => n.textContent ?? ''));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'experiment-report-'));
    writeFileSync(join(dir, 'report.html'), page);
    browser = await launchChromium();
    await browser.page.goto(pathToFileURL(join(dir, 'report.html')).href);
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the verdict, plan, arms, tests and charts, hostile names as text, runs nothing and fetches nothing', async () => {
    expect(await browser.page.title()).toBe(`Experiment ${HOSTILE_ID}`);
    expect(await browser.page.textContent('#decision')).toBe('winner');
    expect(await browser.page.textContent('#winner')).toBe(HOSTILE_A);
    expect(await browser.page.textContent('#verdict-reason')).toBe(`${analysis.verdict.reason}.`);
    expect(await browser.page.textContent('#planned-n')).toBe(String(analysis.plan!.perArm));
    expect(await texts('#arms-table tbody th.arm')).toEqual(['control (control)', HOSTILE_A, HOSTILE_B]);
    expect(await texts('#arms-table tbody td:nth-of-type(1)')).toEqual(analysis.arms.map((a) => String(a.calls)));
    expect(await texts('#srm-table tbody td:nth-of-type(1)')).toEqual(analysis.sampleRatio.observed.map(String));
    // Two treatment arms × four metrics.
    expect(await texts('#tests-table tbody th.arm')).toEqual([HOSTILE_A, HOSTILE_A, HOSTILE_A, HOSTILE_A, HOSTILE_B, HOSTILE_B, HOSTILE_B, HOSTILE_B]);
    expect(await texts('#sequential .arm')).toEqual([HOSTILE_A, HOSTILE_B]);
    expect(await texts('#bayes-table tbody th.arm')).toEqual(['control', HOSTILE_A, HOSTILE_B]);
    expect(await texts('#bayes-table tbody td:nth-of-type(2)')).toEqual(['< 0.01%', '> 99.99%', '< 0.01%']);
    // Charts: one row per arm, full names in the tooltips, the winner highlighted.
    const rowTitles = await texts('svg.interval-chart g.row > title');
    expect(rowTitles.map((t) => t.slice(0, t.lastIndexOf(':')))).toEqual(['control', HOSTILE_A, HOSTILE_B, HOSTILE_A, HOSTILE_B]);
    expect(await browser.page.$$eval('svg.interval-chart g.row.highlight', (g) => g.length)).toBe(2);
    expect(await browser.page.$$eval('svg.interval-chart', (svgs) => svgs.map((s) => s.getBoundingClientRect().height > 100))).toEqual([true, true]);
    // The embedded analysis parses in the page too.
    expect(await browser.page.$eval('#experiment-analysis', (n) => (JSON.parse(n.textContent ?? '') as { verdict: { arm: string } }).verdict.arm)).toBe(HOSTILE_A);
    expect(await browser.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await browser.page.$$eval('img, body script:not([type="application/json"])', (n) => n.length)).toBe(0);
    expect(browser.errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
  });
});
