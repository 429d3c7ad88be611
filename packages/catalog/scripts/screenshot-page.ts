/**
 * Takes the screenshot of the catalog's HTML page for docs/catalog.md: the committed catalog, a
 * filter, three models compared, a token mix in the calculator. Needs Chromium (CHROMIUM_PATH).
 * Usage: pnpm --filter @llm/catalog screenshot [out.png]
 */
import { fileURLToPath } from 'node:url';
import { screenshotPage } from '@llm/tooling/browser';
import { createCatalog } from '../src/index.js';
import { toHtml } from '../src/export.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../../../docs/images/catalog-page.png', import.meta.url));
await screenshotPage({
  html: toHtml(createCatalog({ at: new Date('2026-10-01T12:00:00Z') }).toData()),
  out,
  width: 1440,
  height: 1800,
  async prepare(page) {
    for (const id of ['openai:gpt-4o', 'anthropic:claude-sonnet-4-5-20250929', 'google:gemini-2.5-pro']) await page.getByLabel(`Compare ${id}`, { exact: true }).check();
    await page.getByLabel('Tools', { exact: true }).check();
    await page.fill('#min-context', '200000');
    await page.fill('#mix-input', '50000');
    await page.fill('#mix-cached', '20000');
    await page.fill('#mix-output', '2000');
  },
});
console.log(`wrote ${out}`);
