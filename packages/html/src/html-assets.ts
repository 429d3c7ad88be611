import { readFileSync } from 'node:fs';

const asset = (name: string): string => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');

/**
 * The browser side, as text to inline with `renderHtmlPage` (read from `assets/` beside this module on
 * each call: nothing is read at import). Scripts define `window.LlmHtml`; put `dom` first.
 */
export const htmlAssets = {
  /** Base styles: type, tables, forms, focus rings, a visually-hidden class, dark mode. */
  baseCss: (): string => asset('base.css'),
  /** `LlmHtml.readJson`, `el`, `formatUsd`, `formatTokens`, `formatNumber`. */
  domScript: (): string => asset('dom.js'),
  /** `LlmHtml.createTable`: sortable (buttons in headers, aria-sort), filterable table. */
  tableScript: (): string => asset('table.js'),
  /** `LlmHtml.scatterChart`: an SVG scatter plot with log or linear axes and a legend. */
  chartScript: (): string => asset('chart.js'),
};

/** Every script, in the order they must run. */
export const allHtmlScripts = (): string[] => [htmlAssets.domScript(), htmlAssets.tableScript(), htmlAssets.chartScript()];
