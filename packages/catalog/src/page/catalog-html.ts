import { readFileSync } from 'node:fs';
import { allHtmlScripts, html, htmlAssets, renderHtmlPage } from '@llm/html';
import { CAPABILITIES, INPUT_MODALITIES, MODEL_STATUSES, type CatalogData } from '../record/index.js';
import { CAPABILITY_LABELS, providerName } from '../export/index.js';

/** The page's own style sheet and script, beside this module (copied to dist by the build). */
const asset = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

export interface HtmlOptions {
  title?: string;
}

/**
 * The catalog as one interactive HTML file that works offline: search, filters (provider, status,
 * capabilities, input modalities, context, price), sortable columns, side-by-side comparison with
 * each fact's source, a price calculator for a token mix, and a chart of price against context.
 * Built on `@llm/html` (strict CSP, the data as an inert JSON block).
 */
export function toHtml(data: CatalogData, options: HtmlOptions = {}): string {
  const title = options.title ?? 'Model catalog';
  const providers = [...new Set(data.records.map((r) => r.provider))];
  const checkbox = (name: string, value: string, label: string, checked: boolean) =>
    html`<label><input type="checkbox" name="${name}" value="${value}"${checked ? html` checked` : ''}> ${label}</label>`;
  const body = html`<header>
<h1>${title}</h1>
<p class="muted">${data.records.length} models. Prices in US dollars per million tokens; ✓ yes, ✗ no, ? unknown (no source says). Sources: ${data.sources.map((s, i) => html`${i > 0 ? ', ' : ''}${s.title} (${s.version ? `${s.version.slice(0, 12)}, ` : ''}as of ${s.asOf.slice(0, 10)})`)}.</p>
</header>
<main>
<form id="filters" role="search" aria-label="Filter models">
<div class="filter-row">
<label for="q">Search</label> <input id="q" name="q" type="search" placeholder="name, id, family…" autocomplete="off">
<label for="min-context">Context at least</label> <input id="min-context" name="minContext" type="number" min="0" step="1000" inputmode="numeric">
<label for="max-input">Input price at most ($/M)</label> <input id="max-input" name="maxInput" type="number" min="0" step="any" inputmode="decimal">
<label><input type="checkbox" id="include-unknown" name="includeUnknown"> Let unknown facts pass</label>
<button type="reset">Clear filters</button>
</div>
<div class="filter-groups">
<fieldset><legend>Provider</legend>${providers.map((p) => checkbox('provider', p, providerName(p), true))}</fieldset>
<fieldset><legend>Status</legend>${MODEL_STATUSES.map((s) => checkbox('status', s, s, true))}</fieldset>
<fieldset><legend>Must have</legend>${CAPABILITIES.map((c) => checkbox('capability', c, CAPABILITY_LABELS[c], false))}</fieldset>
<fieldset><legend>Takes as input</legend>${INPUT_MODALITIES.map((m) => checkbox('modality', m, m, false))}</fieldset>
</div>
</form>
<section aria-labelledby="calc-h" class="panel">
<h2 id="calc-h">Price calculator</h2>
<p class="muted">The cost of this token mix per model fills the "Cost of mix" column and the comparison (long-context tiers and per-request fees included).</p>
<div class="filter-row" id="calculator">
<label for="mix-input">Input tokens</label> <input id="mix-input" type="number" min="0" step="1000" value="10000">
<label for="mix-cached">of them cached</label> <input id="mix-cached" type="number" min="0" step="1000" value="0">
<label for="mix-output">Output tokens</label> <input id="mix-output" type="number" min="0" step="100" value="1000">
<label for="mix-requests">Requests</label> <input id="mix-requests" type="number" min="1" step="1" value="1">
</div>
</section>
<p id="count" role="status" aria-live="polite"></p>
<section aria-labelledby="compare-h" class="panel">
<h2 id="compare-h">Comparison</h2>
<div id="compare"></div>
</section>
<section aria-labelledby="chart-h">
<h2 id="chart-h">Input price against context window</h2>
<p class="muted" id="chart-note"></p>
<div id="chart"></div>
</section>
<section aria-labelledby="table-h">
<h2 id="table-h">Models</h2>
<div class="table-wrap" id="table"></div>
</section>
</main>
<noscript><p>This page needs JavaScript for its table; the same data is in the JSON block at the end of the file.</p></noscript>`;
  return renderHtmlPage({
    title,
    description: `${data.records.length} language models with their capabilities, limits and prices, each fact with its source.`,
    styles: [htmlAssets.baseCss(), asset('catalog-page.css')],
    body,
    data: {
      'catalog-data': {
        sources: data.sources,
        records: data.records,
        providers: providers.map((id) => ({ id, label: providerName(id) })),
        capabilities: CAPABILITIES.map((id) => ({ id, label: CAPABILITY_LABELS[id] })),
      },
    },
    scripts: [...allHtmlScripts(), asset('catalog-page.js')],
  });
}
