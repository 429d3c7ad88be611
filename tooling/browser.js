import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it); `CHROMIUM_PATH` to use another. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every test browser gets: headless, no sandbox (root in CI), no GPU, no network of its own. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts the system Chromium through playwright-core with a fresh profile in a temporary folder, and
 * lets it load only `file:` URLs (every other request is aborted and recorded in `blocked`). The page's
 * console errors and uncaught exceptions are collected in `errors`. `close()` stops the browser and
 * removes the profile.
 */
export async function launchChromium() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'llm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const errors = [];
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    errors,
    blocked,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A screenshot of one HTML page for the docs: writes `html` to a temporary file, opens it in
 * {@link launchChromium} at `width` x `height`, waits for `html[data-ready="true"]`, lets `prepare`
 * act on the page (fill a form, tick boxes), saves the PNG to `out`, and throws if the page reported
 * errors. The browser and the file are removed afterwards, whatever happens.
 */
export async function screenshotPage({ html, out, width, height, prepare }) {
  const dir = mkdtempSync(join(tmpdir(), 'llm-screenshot-'));
  const file = join(dir, 'page.html');
  writeFileSync(file, html);
  const browser = await launchChromium();
  try {
    const { page } = browser;
    await page.setViewportSize({ width, height });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-ready="true"]');
    if (prepare) await prepare(page);
    await page.screenshot({ path: out });
    if (browser.errors.length > 0) throw new Error(`the page reported errors: ${browser.errors.join('; ')}`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
