/**
 * Takes the screenshot of the catalog's HTML page for docs/catalog.md: the committed catalog, a
 * filter, three models compared, a token mix in the calculator. Needs Chromium (CHROMIUM_PATH).
 * Usage: pnpm --filter @llm/catalog screenshot [out.png]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from '@llm/tooling/browser';
import { createCatalog } from '../src/index.js';
import { toHtml } from '../src/export.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../../../docs/images/catalog-page.png', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'catalog-shot-'));
const file = join(dir, 'catalog.html');
writeFileSync(file, toHtml(createCatalog({ at: new Date('2026-10-01T12:00:00Z') }).toData()));
const browser = await launchChromium();
try {
  const { page } = browser;
  await page.setViewportSize({ width: 1440, height: 1800 });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-ready="true"]');
  for (const id of ['openai:gpt-4o', 'anthropic:claude-sonnet-4-5-20250929', 'google:gemini-2.5-pro']) await page.getByLabel(`Compare ${id}`, { exact: true }).check();
  await page.getByLabel('Tools', { exact: true }).check();
  await page.fill('#min-context', '200000');
  await page.fill('#mix-input', '50000');
  await page.fill('#mix-cached', '20000');
  await page.fill('#mix-output', '2000');
  await page.screenshot({ path: out });
  if (browser.errors.length > 0) throw new Error(`the page reported errors: ${browser.errors.join('; ')}`);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
