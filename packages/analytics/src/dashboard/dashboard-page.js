// @ts-check
/* The analytics dashboard: the sortable table of groups, on @llm/html. The charts are inline SVG
   made by the server; this script only builds the table and marks the page ready. */
(function () {
  const { el, readJson, formatUsd, formatTokens, formatNumber, createTable } = window.LlmHtml;

  /**
   * @typedef {{ id: string, label: string, calls: number, errorRate: number, p50: number | null, p90: number | null,
   *   p95: number | null, p99: number | null, ttfcP50: number | null, ttfcP95: number | null, tokensPerSecond: number | null,
   *   inputTokens: number, outputTokens: number, costUsd: number, perCallUsd: number | null, perThousandTokensUsd: number | null,
   *   cacheHitRate: number, retriesPerCall: number, anomalies: number, trends: string[] }} Row
   */
  /** @type {{ rows: Row[] }} */
  const data = readJson('analytics-dashboard');

  /** @param {number | null} v */
  const msText = (v) => (v === null ? '–' : formatNumber(v, 4));
  /** @param {number} v */
  const pctText = (v) => `${formatNumber(v * 100, 3)}%`;

  /**
   * A numeric column.
   * @param {string} key @param {string} label @param {(r: Row) => number | null} value @param {(v: number | null) => string} text @param {string} [title]
   * @returns {LlmHtmlColumn<Row>}
   */
  const numeric = (key, label, value, text, title) => ({ key, label, numeric: true, value, cell: (r) => text(value(r)), title });

  const container = /** @type {HTMLElement} */ (document.getElementById('models-table'));
  const table = createTable({
    container,
    caption: 'Per group over the window; latency of successful calls not served from the cache, in milliseconds',
    rows: data.rows,
    rowId: (r) => r.id,
    columns: [
      { key: 'label', label: 'Group', value: (r) => r.label, cell: (r) => el('a', { href: `#${r.id}`, class: 'group-label' }, r.label) },
      numeric('calls', 'Calls', (r) => r.calls, (v) => String(v)),
      numeric('errorRate', 'Errors', (r) => r.errorRate, (v) => pctText(v ?? 0)),
      numeric('p50', 'p50', (r) => r.p50, msText),
      numeric('p90', 'p90', (r) => r.p90, msText),
      numeric('p95', 'p95', (r) => r.p95, msText),
      numeric('p99', 'p99', (r) => r.p99, msText),
      numeric('ttfcP50', 'TTFC p50', (r) => r.ttfcP50, msText, 'Time to first chunk of streams'),
      numeric('ttfcP95', 'TTFC p95', (r) => r.ttfcP95, msText, 'Time to first chunk of streams'),
      numeric('tokensPerSecond', 'Tokens/s', (r) => r.tokensPerSecond, (v) => (v === null ? '–' : formatNumber(v, 3)), 'Output tokens per second of generation'),
      numeric('inputTokens', 'Input tokens', (r) => r.inputTokens, formatTokens),
      numeric('outputTokens', 'Output tokens', (r) => r.outputTokens, formatTokens),
      numeric('costUsd', 'Cost', (r) => r.costUsd, formatUsd),
      numeric('perCallUsd', 'Per call', (r) => r.perCallUsd, formatUsd),
      numeric('perThousandTokensUsd', 'Per 1k tokens', (r) => r.perThousandTokensUsd, formatUsd),
      numeric('cacheHitRate', 'Cache hits', (r) => r.cacheHitRate, (v) => pctText(v ?? 0)),
      numeric('retriesPerCall', 'Retries/call', (r) => r.retriesPerCall, (v) => formatNumber(v ?? 0, 3)),
      {
        key: 'flags',
        label: 'Flags',
        value: (r) => r.anomalies,
        cell: (r) => [r.anomalies ? el('strong', { class: 'anomaly-count' }, `${r.anomalies} anomal${r.anomalies === 1 ? 'y' : 'ies'}`) : null, ...r.trends.map((t) => el('span', { class: 'trend-flag' }, ` ${t}`))],
        title: 'Anomalies in the window, and measures with a significant trend',
      },
    ],
  });
  table.sortBy('calls', 'descending');
  document.documentElement.dataset['ready'] = 'true';
})();
