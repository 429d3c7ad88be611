import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, type TestBrowser } from '@llm/tooling/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAnalyticsStore } from '../memory-store.js';
import { buildReport } from '../report.js';
import { reportToHtml } from './report-html.js';
import { SAMPLE_STEP, sampleCalls } from './sample-calls.test-util.js';

const HOSTILE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const START = Date.parse('2026-03-15T00:00:00Z');
const DAYS = 4;
const NOW = START + DAYS * 86_400_000;
const SPIKE = START + 3 * 86_400_000 + 10 * SAMPLE_STEP;
const BURST = START + 3 * 86_400_000 + 40 * SAMPLE_STEP;
const PRICE_CHANGE = START + 3 * 86_400_000 + 60 * SAMPLE_STEP;
const records = sampleCalls(
  [
    { provider: 'openai', model: 'gpt-4o-mini', callsPerStep: 20, latencyMs: 800, errorRate: 0.02, inputPrice: 1, spike: { at: SPIKE, factor: 4 }, burst: { at: BURST, rate: 0.5 }, priceChange: { at: PRICE_CHANGE, factor: 2 } },
    { provider: 'openrouter', model: HOSTILE, callsPerStep: 2, latencyMs: 1500, errorRate: 0, inputPrice: 3, streamed: true },
  ],
  START,
  DAYS,
);

async function page(): Promise<string> {
  const store = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 0, retention: { minute: '14d' } });
  for (const r of records) store.appendOne(r);
  const report = await buildReport(store, { from: START, to: NOW, trendGranularity: '6h' }, NOW);
  return reportToHtml(report, { title: 'Calls <this week>' });
}

describe('the analytics dashboard (as a file)', () => {
  it('is one file with nothing to fetch: no src, only in-page links, the hostile name never markup', async () => {
    const text = await page();
    const blocks = text.match(/<script type="application\/json" id="analytics-dashboard">[^<]*<\/script>/g) ?? [];
    expect(blocks).toHaveLength(1);
    expect(text).not.toMatch(/<[a-z][^>]*\ssrc=/i); // no element with a source (the name's "src=" is escaped text)
    expect([...text.matchAll(/\shref="([^"]*)"/g)].every((m) => m[1]!.startsWith('#'))).toBe(true);
    expect(text).not.toContain('<script>window.__pwned');
    expect(text).not.toContain('<img');
    expect(text).toContain('<title>Calls &lt;this week&gt;</title>');
    expect(text.match(/<\/script>/g)?.length).toBe(text.match(/<script[ >]/g)?.length);
    expect(text.match(/<svg class="chart line-chart"/g)).toHaveLength(8);
    expect(text.length).toBeLessThan(1_000_000);
  });
});

describe('the analytics dashboard in a real headless Chromium', () => {
  let browser: TestBrowser;
  let dir: string;
  const cells = (key: string): Promise<string[]> => browser.page.$$eval(`#models-table tbody tr td[data-key="${key}"]`, (tds) => tds.map((td) => td.textContent ?? ''));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'analytics-dashboard-'));
    writeFileSync(join(dir, 'dashboard.html'), await page());
    browser = await launchChromium();
    await browser.page.setViewportSize({ width: 1400, height: 1000 });
    await browser.page.goto(pathToFileURL(join(dir, 'dashboard.html')).href);
    await browser.page.waitForSelector('html[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows each model with numbers computed here from the records, the hostile name as text, and runs and fetches nothing else', async () => {
    const mini = records.filter((r) => r.model === 'gpt-4o-mini');
    const errors = mini.filter((r) => r.outcome === 'error').length;
    expect(await cells('label')).toEqual(['openai · gpt-4o-mini', `openrouter · ${HOSTILE}`]); // by calls, descending
    expect(await cells('calls')).toEqual([String(mini.length), String(records.length - mini.length)]);
    expect((await cells('errorRate'))[0]).toBe(`${Number(((errors / mini.length) * 100).toPrecision(3))}%`);
    const cost = mini.reduce((a, r) => a + (r.costUsd ?? 0), 0);
    expect(Number((await cells('costUsd'))[0]!.replace('$', ''))).toBeCloseTo(Number(cost.toPrecision(4)), 10);
    // The second model streams: its time to first chunk is 30% of its ~1.5 s calls (the sketch is within 1%).
    const ttfc = Number((await cells('ttfcP50'))[1]);
    expect(ttfc).toBeGreaterThan(1500 * 0.3 * 0.9);
    expect(ttfc).toBeLessThan(1500 * 0.3 * 1.1);
    expect(await browser.page.textContent('#group-1 h3')).toBe(`openrouter · ${HOSTILE}`);
    expect(await browser.page.textContent('#group-1-latency-t')).toBe(`Latency: openrouter · ${HOSTILE}`);
    expect(await browser.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(browser.errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
  });

  it('lists the injected spike, error burst and price change, and shades each on its own chart where it happened', async () => {
    const items = await browser.page.$$eval('ol.anomalies li', (lis) => lis.map((li) => ({ detector: li.getAttribute('data-detector'), text: li.textContent ?? '' })));
    expect(items.map((i) => i.detector).sort()).toEqual(['cost_drift', 'error_rate', 'latency']);
    expect(items.find((i) => i.detector === 'cost_drift')!.text).toContain('cause: price');
    expect(items.find((i) => i.detector === 'latency')!.text).toContain(new Date(SPIKE).toISOString().slice(0, 16).replace('T', ' '));
    expect(items.find((i) => i.detector === 'error_rate')!.text).toContain(new Date(BURST).toISOString().slice(0, 16).replace('T', ' '));
    expect(await browser.page.textContent('#total-anomalies')).toBe('3');
    // A band sits on the latency chart (and one on the error chart) of the first model, at the spike's place on the time axis.
    const band = await browser.page.$eval('#group-0 svg[aria-labelledby^="group-0-latency"] rect.band', (r) => ({ x: Number(r.getAttribute('x')), title: r.textContent ?? '' }));
    expect(band.title).toMatch(/^critical: latency of openai gpt-4o-mini/);
    const axis = await browser.page.$eval('#group-0 svg[aria-labelledby^="group-0-latency"] line.axis', (l) => ({ x1: Number(l.getAttribute('x1')), x2: Number(l.getAttribute('x2')) }));
    expect(band.x).toBeCloseTo(axis.x1 + ((SPIKE - START) / (NOW - START)) * (axis.x2 - axis.x1), 0);
    expect(await browser.page.$$eval('#group-0 svg[aria-labelledby^="group-0-errors"] rect.band', (r) => r.length)).toBe(1);
    expect(await browser.page.$$eval('#group-0 svg[aria-labelledby^="group-0-cost"] rect.band', (r) => r.length)).toBe(1);
    expect(await browser.page.$$eval('#group-1 rect.band', (r) => r.length)).toBe(0);
  });

  it('sorts the table by a column from the keyboard', async () => {
    const header = browser.page.locator('#models-table th', { has: browser.page.locator('button.sort', { hasText: /^p95/ }) });
    await header.locator('button').focus();
    await browser.page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const p95 = (await cells('p95')).map(Number);
    expect(p95).toEqual([...p95].sort((a, b) => a - b));
    expect(await cells('label')).toEqual(['openai · gpt-4o-mini', `openrouter · ${HOSTILE}`]); // ~800 ms before ~1.5 s
    expect(browser.errors).toEqual([]);
  });
});
