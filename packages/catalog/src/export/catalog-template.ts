import { LLMError } from '@llm/errors';
import type { FS, Liquid } from 'liquidjs';
import type * as LiquidModule from 'liquidjs';
import { CAPABILITIES, type CatalogData } from '../record/index.js';
import { CAPABILITY_LABELS, providerName } from './catalog-markdown.js';
import { formatFlag, formatTokens, formatUsd } from './format-values.js';

export interface TemplateOptions {
  /** Most milliseconds a render may take (default 5000). */
  renderLimitMs?: number;
  /** Most bytes of output and intermediate strings (default 64 MiB). */
  memoryLimit?: number;
}

const noFiles = (): never => {
  throw new LLMError({ code: 'invalid_request', message: 'a catalog template cannot read files (include, render and layout are not available)', retryable: false });
};

/** A file system that has no files: `include`, `render` and `layout` find nothing and read nothing. */
const NO_FILES: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => noFiles(),
  readFileSync: () => noFiles(),
  resolve: (_root, file) => file,
  contains: async () => false,
  sep: '/',
  dirname: () => '',
};

async function liquid(options: TemplateOptions): Promise<Liquid> {
  let module: typeof LiquidModule;
  try {
    module = await import('liquidjs');
  } catch {
    throw new LLMError({ code: 'configuration', message: 'catalog templates need the optional peer dependency liquidjs (pnpm add liquidjs)', retryable: false });
  }
  const engine = new module.Liquid({
    fs: NO_FILES,
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    dynamicPartials: false,
    // Only a value's own properties: no `constructor`, no prototype, no getters of classes.
    ownPropertyOnly: true,
    strictFilters: true,
    strictVariables: false,
    cache: false,
    parseLimit: 1_000_000,
    renderLimit: options.renderLimitMs ?? 5000,
    memoryLimit: options.memoryLimit ?? 64 * 1024 * 1024,
  });
  engine.registerFilter('usd', (v: unknown) => formatUsd(typeof v === 'number' ? v : null));
  engine.registerFilter('tokens', (v: unknown) => formatTokens(typeof v === 'number' ? v : null));
  engine.registerFilter('flag', (v: unknown) => formatFlag(v === true || v === false ? v : 'unknown'));
  engine.registerFilter('provider_name', (v: unknown) => providerName(String(v)));
  return engine;
}

/**
 * The catalog in a format of your own: a Liquid template (the language of Shopify and Jekyll,
 * designed for templates written by untrusted users) rendered with the catalog as data. It cannot
 * run code or read files: Liquid has no expressions that call functions, the engine sees only data
 * (own properties of plain objects), `include` / `render` / `layout` find no files, and a render is
 * bounded in time and memory. Extra filters: `usd`, `tokens`, `flag` (✓ ✗ ?), `provider_name`.
 *
 * Data: `records`, `sources`, `providers` (`{ id, name, records }`), `capabilities` (`{ id, label }`),
 * `format_version`. A template that does not parse or render is an `invalid_request` error.
 */
export async function renderTemplate(template: string, data: CatalogData, options: TemplateOptions = {}): Promise<string> {
  const engine = await liquid(options);
  const providers = [...new Set(data.records.map((r) => r.provider))].map((id) => ({ id, name: providerName(id), records: data.records.filter((r) => r.provider === id) }));
  const context = {
    format_version: data.formatVersion,
    sources: data.sources,
    records: data.records,
    providers,
    capabilities: CAPABILITIES.map((id) => ({ id, label: CAPABILITY_LABELS[id] })),
  };
  try {
    return await engine.parseAndRender(template, context);
  } catch (error) {
    if (error instanceof LLMError) throw error;
    const message = (error as Error).message.split('\n')[0];
    throw new LLMError({ code: 'invalid_request', message: `catalog template: ${message}`, retryable: false });
  }
}
