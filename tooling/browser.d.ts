import type { BrowserContext, Page } from 'playwright-core';

export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: readonly string[];

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions of every page. */
  errors: string[];
  /** Requests to anything but a file: URL (aborted). */
  blocked: string[];
  close(): Promise<void>;
}

export declare function launchChromium(): Promise<TestBrowser>;

export interface ScreenshotOptions {
  /** The page, whole (as `reportToHtml` or the catalog's `toHtml` make it). */
  html: string;
  /** Where the PNG goes. */
  out: string;
  width: number;
  height: number;
  /** Acts on the ready page before the screenshot. */
  prepare?: (page: Page) => Promise<void>;
}

export declare function screenshotPage(options: ScreenshotOptions): Promise<void>;
