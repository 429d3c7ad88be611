import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, type TestBrowser } from '@llm/tooling/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allHtmlScripts, htmlAssets } from './html-assets.js';
import { renderHtmlPage } from './html-page.js';
import { html } from './safe-html.js';

const HOSTILE = '<img src=x onerror="globalThis.__pwned = 1">';
const rows = [
  { id: 'a', name: 'Beta', calls: 30, price: 2 },
  { id: 'b', name: HOSTILE, calls: 10, price: null },
  { id: 'c', name: 'alpha', calls: 20, price: 0.5 },
  { id: 'd', name: 'Gamma', calls: 40, price: 8 },
];

/** A page script on window.LlmHtml: a table of the rows and a chart of the shown rows, a filter box. */
const PAGE_SCRIPT = `(function () {
  const { readJson, createTable, scatterChart, formatUsd, el } = window.LlmHtml;
  const rows = readJson('rows');
  const chart = scatterChart({ container: document.getElementById('chart'), title: 'Price by calls', description: 'One point per row', xLabel: 'calls', yLabel: 'price', xLog: true, yLog: true, groups: [{ id: 'g', label: 'All' }] });
  const table = createTable({
    container: document.getElementById('table'),
    caption: 'Rows',
    rows,
    rowId: (r) => r.id,
    columns: [
      { key: 'name', label: 'Name', value: (r) => r.name, cell: (r) => el('span', { class: 'name' }, r.name) },
      { key: 'calls', label: 'Calls', numeric: true, value: (r) => r.calls, cell: (r) => String(r.calls) },
      { key: 'price', label: 'Price', numeric: true, value: (r) => r.price, cell: (r) => formatUsd(r.price) },
    ],
    onChange: (visible) => chart.update(visible.filter((r) => r.price !== null).map((r) => ({ id: r.id, x: r.calls, y: r.price, group: 'g', label: r.name }))),
  });
  document.getElementById('min').addEventListener('input', (e) => {
    const min = Number(e.target.value || 0);
    table.setFilter((r) => r.calls >= min);
  });
  document.documentElement.setAttribute('data-ready', 'true');
})();`;

describe('the browser scripts in a real headless Chromium', () => {
  let browser: TestBrowser;
  let dir: string;
  const shown = (): Promise<string[]> => browser.page.$$eval('tbody tr:not([hidden])', (trs) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llm-html-'));
    const page = renderHtmlPage({
      title: 'Test page',
      styles: [htmlAssets.baseCss()],
      body: html`<label for="min">Calls at least</label><input id="min" type="number"><div id="chart"></div><div id="table"></div>`,
      data: { rows },
      scripts: [...allHtmlScripts(), PAGE_SCRIPT],
    });
    writeFileSync(join(dir, 'page.html'), page);
    browser = await launchChromium();
    await browser.page.goto(pathToFileURL(join(dir, 'page.html')).href);
    await browser.page.waitForSelector('html[data-ready="true"]');
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the page under its CSP: rows in order, a hostile name as text, nothing fetched, no errors', async () => {
    expect(await shown()).toEqual(['a', 'b', 'c', 'd']);
    expect(await browser.page.textContent('tr[data-id="b"] .name')).toBe(HOSTILE);
    expect(await browser.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await browser.page.textContent('caption')).toBe('Rows');
    expect(browser.errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
  });

  it('sorts from the keyboard (numbers as numbers, text by locale, null last both ways) with aria-sort', async () => {
    const header = (label: string) => browser.page.locator('th', { has: browser.page.locator('button.sort', { hasText: label }) });
    await header('Price').locator('button').focus();
    await browser.page.keyboard.press('Enter');
    expect(await header('Price').getAttribute('aria-sort')).toBe('ascending');
    expect(await shown()).toEqual(['c', 'a', 'd', 'b']);
    await browser.page.keyboard.press('Enter');
    expect(await header('Price').getAttribute('aria-sort')).toBe('descending');
    expect(await shown()).toEqual(['d', 'a', 'c', 'b']);
    await header('Name').locator('button').click();
    expect(await header('Price').getAttribute('aria-sort')).toBe('none');
    expect(await shown()).toEqual(['b', 'c', 'a', 'd']); // "<img…" < alpha < Beta < Gamma, case-insensitive
  });

  it('filters rows and the chart follows (one point per shown row with a price)', async () => {
    expect(await browser.page.$$eval('svg.chart circle.point', (c) => c.length)).toBe(3);
    await browser.page.getByLabel('Calls at least').fill('25');
    expect((await shown()).sort()).toEqual(['a', 'd']);
    expect(await browser.page.$$eval('svg.chart circle.point', (c) => c.map((p) => p.getAttribute('data-id')).sort())).toEqual(['a', 'd']);
    expect(await browser.page.getAttribute('svg.chart', 'role')).toBe('img');
    expect(browser.errors).toEqual([]);
  });
});
