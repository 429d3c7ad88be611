import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { computeCost } from '@llm/core';
import { launchChromium, type TestBrowser } from '@llm/tooling/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { recordModelPrice } from '../prices/index.js';
import type { ModelRecord } from '../record/index.js';
import { toHtml } from './catalog-html.js';

const HOSTILE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
const catalog = createCatalog({
  at: new Date('2026-10-01T12:00:00Z'),
  now: () => new Date('2026-11-30T08:00:00Z'),
  overrides: { name: 'test', models: [{ id: 'openai:hostile-name', displayName: HOSTILE, prices: { input: 1, output: 2 } }] },
});
const records = catalog.records();
const page = toHtml(catalog.toData());

describe('the HTML page (as a file)', () => {
  it('is one file with nothing to fetch: no src or href, the data inert, the hostile name only inside the JSON block', () => {
    const blocks = page.match(/<script type="application\/json" id="catalog-data">[^<]*<\/script>/g) ?? [];
    expect(blocks).toHaveLength(1);
    const outside = page.replace(blocks[0]!, '');
    expect(outside).not.toMatch(/\s(src|href)=/);
    expect(outside).not.toContain('__pwned');
    expect(blocks[0]).toContain('__pwned'); // the name is there, as inert JSON text
    expect(page.match(/<\/script>/g)?.length).toBe(page.match(/<script[ >]/g)?.length);
    expect(page.length).toBeLessThan(2_500_000);
  });
});

describe('the HTML page in a real headless Chromium', () => {
  let browser: TestBrowser;
  let dir: string;
  const rowIds = (): Promise<string[]> => browser.page.$$eval('#table tbody tr:not([hidden])', (rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
  const count = (): Promise<string> => browser.page.textContent('#count').then((t) => t ?? '');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-page-'));
    writeFileSync(join(dir, 'catalog.html'), page);
    browser = await launchChromium();
    await browser.page.setViewportSize({ width: 1400, height: 1000 });
    await browser.page.goto(pathToFileURL(join(dir, 'catalog.html')).href);
    await browser.page.waitForSelector('html[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows every model, renders a hostile name as text, runs nothing else and fetches nothing', async () => {
    expect(await rowIds()).toEqual(records.map((r) => r.id));
    expect(await count()).toBe(`Showing ${records.length} of ${records.length} models`);
    expect(await browser.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await browser.page.textContent('tr[data-id="openai:hostile-name"] .model-name')).toBe(HOSTILE);
    expect(browser.errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
  });

  it('filters by search text and by a capability, as the catalog does', async () => {
    await browser.page.fill('#q', 'sonnet 4.5');
    expect(await rowIds()).toEqual(catalog.find({ text: 'sonnet 4.5' }).map((r) => r.id));
    await browser.page.fill('#q', '');
    await browser.page.getByLabel('Tools', { exact: true }).check();
    await browser.page.getByLabel('Google Gemini').uncheck();
    const expected = catalog.find({ capabilities: ['toolCalling'], provider: ['openai', 'anthropic', 'groq', 'openrouter'] }).map((r) => r.id);
    expect(await rowIds()).toEqual(expected);
    expect(await count()).toBe(`Showing ${expected.length} of ${records.length} models`);
    await browser.page.click('button[type="reset"]');
    // The form's reset event fires before the fields are cleared; the page refilters just after.
    await expect.poll(() => rowIds()).toEqual(records.map((r) => r.id));
  });

  it('sorts by a column from the keyboard, ascending then descending, unknown prices last', async () => {
    const header = browser.page.locator('th', { has: browser.page.locator('button.sort', { hasText: 'Input $/M' }) });
    await header.locator('button').focus();
    await browser.page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const byPrice = (dir: number) => (a: ModelRecord, b: ModelRecord): number =>
      a.prices.input === null ? (b.prices.input === null ? 0 : 1) : b.prices.input === null ? -1 : (a.prices.input - b.prices.input) * dir;
    const stable = (dir: number): string[] => records.map((r, i) => [r, i] as const).sort(([a, i], [b, j]) => byPrice(dir)(a, b) || i - j).map(([r]) => r.id);
    expect(await rowIds()).toEqual(stable(1));
    await browser.page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await rowIds()).toEqual(stable(-1));
  });

  it('compares chosen models side by side with the source of each fact', async () => {
    await browser.page.getByLabel('Compare openai:gpt-4o', { exact: true }).check();
    await browser.page.getByLabel('Compare anthropic:claude-sonnet-4-5-20250929', { exact: true }).check();
    const heads = await browser.page.$$eval('#compare thead th', (ths) => ths.map((th) => th.firstChild?.textContent ?? ''));
    expect(heads).toEqual(['Fact', 'openai:gpt-4o', 'anthropic:claude-sonnet-4-5-20250929']);
    const contextRow = await browser.page.$$eval('#compare tbody tr', (trs) => trs.find((tr) => tr.querySelector('th')?.textContent === 'Context')?.textContent ?? '');
    expect(contextRow).toContain('models.dev, 2026-07-02');
    expect(await browser.page.textContent('#compare tbody')).toContain('genai-prices, 2026-09-23');
    await browser.page.getByLabel('Remove openai:gpt-4o from the comparison').click();
    expect(await browser.page.$$eval('#compare thead th', (ths) => ths.length)).toBe(2);
    expect(await browser.page.getByLabel('Compare openai:gpt-4o', { exact: true }).isChecked()).toBe(false);
  });

  it("prices a token mix like core's computeCost (long-context tier included) and plots every priced model", async () => {
    await browser.page.fill('#mix-input', '250000');
    await browser.page.fill('#mix-cached', '50000');
    await browser.page.fill('#mix-output', '2000');
    for (const id of ['google:gemini-2.5-pro', 'openai:gpt-4o', 'anthropic:claude-sonnet-4-5-20250929']) {
      const record = catalog.require(id);
      const expected = computeCost({ inputTokens: 250_000, cachedInputTokens: 50_000, outputTokens: 2000, totalTokens: 252_000 }, recordModelPrice(record)!).totalUsd;
      const shown = await browser.page.textContent(`tr[data-id="${id}"] td[data-key="cost"]`);
      expect(Number(shown!.replace('$', ''))).toBeCloseTo(Number(expected.toPrecision(4)), 10);
    }
    const plotted = records.filter((r) => r.prices.input !== null && r.prices.input > 0 && r.limits.context !== null).length;
    expect(await browser.page.$$eval('svg.chart circle.point', (c) => c.length)).toBe(plotted);
    expect(browser.errors).toEqual([]);
  });
});
