// @ts-check
/* The catalog page: filters, sortable table, comparison, price calculator and chart, on @llm/html. */
(function () {
  const { el, readJson, formatUsd, formatTokens, createTable, scatterChart } = window.LlmHtml;

  /** @typedef {boolean | 'unknown'} Flag */
  /** @typedef {{ aboveInputTokens: number, input: number | null, output: number | null, cachedInput: number | null, cacheWrite: number | null }} Tier */
  /**
   * @typedef {{ id: string, provider: string, model: string, aliases: string[], displayName: string | null, family: string | null,
   *   status: { value: string, deprecatedOn: string | null, retiresOn: string | null }, releaseDate: string | null, knowledgeCutoff: string | null,
   *   openWeights: Flag, limits: { context: number | null, input: number | null, output: number | null },
   *   modalities: { input: string[] | null, output: string[] | null }, capabilities: Record<string, Flag>,
   *   reasoningControls: { effort: string[], budgetTokens: { min: number | null, max: number | null } | null, toggle: boolean } | null,
   *   prices: { input: number | null, output: number | null, cachedInput: number | null, cacheWrite: number | null, reasoning: number | null, perRequest: number | null, webSearch: number | null, tiers: Tier[] },
   *   provenance: { source: string, verifiedAt: string, via: string | null, facts: string[] }[] }} ModelRecord
   */
  /** @typedef {{ id: string, title: string, asOf: string, version: string | null }} Source */

  /** @type {{ records: ModelRecord[], sources: Source[], providers: { id: string, label: string }[], capabilities: { id: string, label: string }[] }} */
  const data = readJson('catalog-data');
  const records = data.records;
  const providerLabel = new Map(data.providers.map((p) => [p.id, p.label]));
  const capabilityLabel = new Map(data.capabilities.map((c) => [c.id, c.label]));

  /** @param {string} id */
  const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  /** @param {string} id */
  const numberInput = (id) => {
    const value = /** @type {HTMLInputElement} */ (byId(id)).value.trim();
    return value === '' ? null : Number(value);
  };

  /** The source of one fact of a record, as "models.dev, 2026-07-02". */
  /** @param {ModelRecord} r @param {string} path */
  function sourceOf(r, path) {
    const group = r.provenance.find((g) => g.facts.includes(path));
    return group ? `${group.source}, ${group.verifiedAt.slice(0, 10)}${group.via ? ` via ${group.via}` : ''}` : 'no source';
  }

  /** @param {Flag} value */
  function flag(value) {
    const [mark, word, cls] = value === true ? ['✓', 'yes', 'yes'] : value === false ? ['✗', 'no', 'no'] : ['?', 'unknown', 'unknown'];
    return el('span', { class: cls }, el('span', { 'aria-hidden': 'true' }, mark), el('span', { class: 'visually-hidden' }, word));
  }
  /** @param {Flag} value */
  const flagSort = (value) => (value === true ? 0 : value === false ? 2 : 1);
  /** @param {ModelRecord} r @returns {Flag} */
  const vision = (r) => (r.modalities.input === null ? 'unknown' : r.modalities.input.includes('image'));

  // ---- the price calculator -------------------------------------------------------------------
  function mix() {
    const input = Math.max(0, numberInput('mix-input') || 0);
    return { input, cached: Math.min(input, Math.max(0, numberInput('mix-cached') || 0)), output: Math.max(0, numberInput('mix-output') || 0), requests: Math.max(1, numberInput('mix-requests') || 1) };
  }
  /**
   * What the mix costs on a model: past a long-context tier's threshold the whole request is priced at
   * the tier; cached input at the cache price (the input price when unknown); plus any per-request fee.
   * @param {ModelRecord} r
   * @param {{ input: number, cached: number, output: number, requests: number }} m
   */
  function costOf(r, m) {
    let { input, output, cachedInput } = r.prices;
    for (const tier of r.prices.tiers) {
      if (m.input > tier.aboveInputTokens) {
        input = tier.input ?? input;
        output = tier.output ?? output;
        cachedInput = tier.cachedInput ?? cachedInput;
      }
    }
    if (input === null || output === null) return null;
    const perRequest = ((m.input - m.cached) * input + m.cached * (cachedInput ?? input) + m.output * output) / 1e6 + (r.prices.perRequest || 0);
    return perRequest * m.requests;
  }
  let currentMix = mix();
  /** @type {Map<string, number | null>} */
  let costs = new Map();
  const computeCosts = () => {
    currentMix = mix();
    costs = new Map(records.map((r) => [r.id, costOf(r, currentMix)]));
  };
  computeCosts();

  // ---- comparison ------------------------------------------------------------------------------
  /** @type {string[]} */
  const chosen = [];
  /** @type {Map<string, HTMLInputElement>} */
  const compareBoxes = new Map();
  /** @param {string} id */
  function toggle(id) {
    const at = chosen.indexOf(id);
    if (at >= 0) chosen.splice(at, 1);
    else chosen.push(id);
    const box = compareBoxes.get(id);
    if (box) box.checked = chosen.includes(id);
    renderCompare();
    drawChart(table ? table.visibleRows() : records);
  }

  /** @type {[string, (r: ModelRecord) => string | number | null | Node, string, ('min' | 'max')?][]} */
  const FACTS = [
    ['Provider', (r) => providerLabel.get(r.provider) || r.provider, 'id'],
    ['Name', (r) => r.displayName, 'displayName'],
    ['Status', (r) => r.status.value + (r.status.retiresOn ? ` (retires ${r.status.retiresOn})` : ''), 'status.value'],
    ['Context', (r) => r.limits.context, 'limits.context', 'max'],
    ['Max output', (r) => r.limits.output, 'limits.output', 'max'],
    ['Input $/M', (r) => r.prices.input, 'prices.input', 'min'],
    ['Output $/M', (r) => r.prices.output, 'prices.output', 'min'],
    ['Cached input $/M', (r) => r.prices.cachedInput, 'prices.cachedInput', 'min'],
    ['Cost of mix', (r) => costs.get(r.id) ?? null, 'prices.input', 'min'],
    ['Input', (r) => (r.modalities.input ? r.modalities.input.join(', ') : null), 'modalities.input'],
    ['Output', (r) => (r.modalities.output ? r.modalities.output.join(', ') : null), 'modalities.output'],
    ...data.capabilities.map((c) => /** @type {[string, (r: ModelRecord) => Node, string]} */ ([c.label, (r) => flag(r.capabilities[c.id] ?? 'unknown'), `capabilities.${c.id}`])),
    ['Reasoning effort', (r) => (r.reasoningControls && r.reasoningControls.effort.length ? r.reasoningControls.effort.join(', ') : null), 'reasoningControls'],
    ['Knowledge cut-off', (r) => r.knowledgeCutoff, 'knowledgeCutoff'],
    ['Released', (r) => r.releaseDate, 'releaseDate'],
  ];

  /** @param {string} label @param {string | number | null | Node} value */
  function shown(label, value) {
    if (value === null) return '?';
    if (typeof value !== 'number') return value;
    if (label.includes('$') || label === 'Cost of mix') return formatUsd(value);
    return formatTokens(value);
  }

  function renderCompare() {
    const box = byId('compare');
    box.replaceChildren();
    if (chosen.length === 0) {
      box.appendChild(el('p', { class: 'muted' }, 'Choose models with the Compare boxes in the table (or click points in the chart) to see them side by side, with the source of every fact.'));
      return;
    }
    const models = chosen.map((id) => records.find((r) => r.id === id)).filter((r) => r !== undefined);
    const head = el('tr', null, el('th', { scope: 'col' }, 'Fact'), models.map((r) => el('th', { scope: 'col' }, r.id, ' ', el('button', { type: 'button', class: 'remove', 'aria-label': `Remove ${r.id} from the comparison`, 'data-id': r.id }, '×'))));
    const rows = FACTS.map(([label, get, path, best]) => {
      const values = models.map((r) => get(r));
      const numbers = values.filter((v) => typeof v === 'number');
      const target = best && numbers.length > 1 ? (best === 'min' ? Math.min(...numbers) : Math.max(...numbers)) : null;
      return el('tr', null, el('th', { scope: 'row' }, label), models.map((r, i) => {
        const value = values[i] ?? null;
        return el('td', { class: target !== null && value === target ? 'best' : null }, shown(label, value), el('span', { class: 'src' }, sourceOf(r, path)));
      }));
    });
    const table = el('table', { class: 'data-table compare-table' }, el('caption', null, `${models.length} models side by side (best value in bold; under each value, its source)`), el('thead', null, head), el('tbody', null, rows));
    box.append(el('div', { class: 'table-wrap' }, table), el('p', null, el('button', { type: 'button', id: 'clear-compare' }, 'Clear the comparison')));
  }
  byId('compare').addEventListener('click', (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (target.matches('button.remove')) toggle(target.getAttribute('data-id') || '');
    if (target.id === 'clear-compare') for (const id of chosen.slice()) toggle(id);
  });

  // ---- the chart ---------------------------------------------------------------------------------
  const chart = scatterChart({
    container: byId('chart'),
    title: 'Input price against context window',
    description: 'One point per shown model with a known input price above zero and a known context window; both axes logarithmic. The table below lists the same models.',
    xLabel: 'Context window (tokens, log scale)',
    yLabel: 'Input $ per million tokens (log scale)',
    xLog: true,
    yLog: true,
    formatX: formatTokens,
    formatY: (v) => formatUsd(v),
    groups: data.providers,
    onSelect: toggle,
  });
  /** @param {ModelRecord[]} visible */
  function drawChart(visible) {
    const points = visible
      .filter((r) => r.prices.input !== null && r.prices.input > 0 && r.limits.context !== null)
      .map((r) => ({ id: r.id, x: /** @type {number} */ (r.limits.context), y: /** @type {number} */ (r.prices.input), group: r.provider, label: r.id, selected: chosen.includes(r.id) }));
    chart.update(points);
    byId('chart-note').textContent = `${points.length} of ${visible.length} shown models plotted; the others have no known context window or input price, or are free.`;
  }

  // ---- the table -------------------------------------------------------------------------------
  /** @param {string} label @param {(r: ModelRecord) => Flag} get @param {string} key */
  const flagColumn = (key, label, get) => ({ key, label, value: (/** @type {ModelRecord} */ r) => flagSort(get(r)), cell: (/** @type {ModelRecord} */ r) => flag(get(r)) });
  /** @type {LlmHtmlColumn<ModelRecord>[]} */
  const columns = [
    {
      key: 'compare',
      label: 'Compare',
      sortable: false,
      cell: (r) => {
        const box = el('input', { type: 'checkbox', 'aria-label': `Compare ${r.id}`, class: 'compare-box' });
        box.addEventListener('change', () => toggle(r.id));
        compareBoxes.set(r.id, box);
        return box;
      },
    },
    { key: 'model', label: 'Model', value: (r) => r.id, cell: (r) => [el('span', { class: 'model-id' }, r.model), r.displayName ? el('span', { class: 'model-name' }, r.displayName) : null] },
    { key: 'provider', label: 'Provider', value: (r) => providerLabel.get(r.provider) || r.provider, cell: (r) => providerLabel.get(r.provider) || r.provider },
    { key: 'status', label: 'Status', value: (r) => r.status.value, cell: (r) => r.status.value },
    { key: 'context', label: 'Context', numeric: true, value: (r) => r.limits.context, cell: (r) => formatTokens(r.limits.context) },
    { key: 'max-output', label: 'Max output', numeric: true, value: (r) => r.limits.output, cell: (r) => formatTokens(r.limits.output) },
    { key: 'input-price', label: 'Input $/M', numeric: true, value: (r) => r.prices.input, cell: (r) => formatUsd(r.prices.input) },
    { key: 'output-price', label: 'Output $/M', numeric: true, value: (r) => r.prices.output, cell: (r) => formatUsd(r.prices.output) },
    { key: 'cached-price', label: 'Cached $/M', numeric: true, value: (r) => r.prices.cachedInput, cell: (r) => formatUsd(r.prices.cachedInput) },
    { key: 'cost', label: 'Cost of mix', numeric: true, value: (r) => costs.get(r.id) ?? null, cell: (r) => formatUsd(costs.get(r.id) ?? null) },
    flagColumn('tools', capabilityLabel.get('toolCalling') || 'Tools', (r) => r.capabilities.toolCalling ?? 'unknown'),
    flagColumn('structured', capabilityLabel.get('structuredOutput') || 'JSON Schema output', (r) => r.capabilities.structuredOutput ?? 'unknown'),
    flagColumn('reasoning', capabilityLabel.get('reasoning') || 'Reasoning', (r) => r.capabilities.reasoning ?? 'unknown'),
    flagColumn('vision', 'Vision', vision),
    { key: 'knowledge', label: 'Knowledge', value: (r) => r.knowledgeCutoff, cell: (r) => r.knowledgeCutoff || '?' },
    { key: 'released', label: 'Released', value: (r) => r.releaseDate, cell: (r) => r.releaseDate || '?' },
  ];

  /** @type {LlmHtmlTable<ModelRecord> | undefined} */
  let table;
  const count = byId('count');
  table = createTable({
    container: byId('table'),
    caption: 'Every model; sort by a column with its header button, choose models to compare with the boxes.',
    columns,
    rows: records,
    rowId: (r) => r.id,
    onChange: (visible) => {
      count.textContent = `Showing ${visible.length} of ${records.length} models`;
      drawChart(visible);
    },
  });

  // ---- filters ---------------------------------------------------------------------------------
  const form = /** @type {HTMLFormElement} */ (byId('filters'));
  /** @param {string} name */
  const checked = (name) => Array.from(form.querySelectorAll(`input[name="${name}"]:checked`)).map((i) => /** @type {HTMLInputElement} */ (i).value);
  function predicate() {
    const words = /** @type {HTMLInputElement} */ (byId('q')).value.toLowerCase().split(/\s+/).filter(Boolean);
    const providers = new Set(checked('provider'));
    const statuses = new Set(checked('status'));
    const capabilities = checked('capability');
    const modalities = checked('modality');
    const minContext = numberInput('min-context');
    const maxInput = numberInput('max-input');
    const unknownOk = /** @type {HTMLInputElement} */ (byId('include-unknown')).checked;
    /** @param {ModelRecord} r */
    return (r) => {
      if (!providers.has(r.provider) || !statuses.has(r.status.value)) return false;
      if (words.length) {
        const text = [r.id, ...r.aliases, r.displayName || '', r.family || ''].join(' ').toLowerCase();
        if (!words.every((w) => text.includes(w))) return false;
      }
      for (const c of capabilities) if (!(r.capabilities[c] === true || (unknownOk && r.capabilities[c] === 'unknown'))) return false;
      if (modalities.length && !(r.modalities.input === null ? unknownOk : modalities.every((m) => (r.modalities.input || []).includes(m)))) return false;
      if (minContext !== null && !(r.limits.context === null ? unknownOk : r.limits.context >= minContext)) return false;
      if (maxInput !== null && !(r.prices.input === null ? unknownOk : r.prices.input <= maxInput)) return false;
      return true;
    };
  }
  const refilter = () => table && table.setFilter(predicate());
  form.addEventListener('input', refilter);
  form.addEventListener('change', refilter);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => setTimeout(refilter, 0));
  byId('calculator').addEventListener('input', () => {
    computeCosts();
    if (table) table.refresh(['cost']);
    renderCompare();
  });

  renderCompare();
  document.documentElement.setAttribute('data-ready', 'true');
})();
