// @ts-check
/* @llm/html: an SVG scatter plot (log or linear axes, ticks, a legend per group, a tooltip per point).
   The chart is an image to the accessibility tree (role="img" with a title and a description);
   pages put the same data in a table for keyboard and screen-reader use. */
(function () {
  const api = window.LlmHtml;
  const SVG = 'http://www.w3.org/2000/svg';
  const PALETTE = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f'];
  const WIDTH = 760;
  const HEIGHT = 380;
  const MARGIN = { top: 16, right: 150, bottom: 48, left: 72 };

  /**
   * @param {string} tag
   * @param {Record<string, string | number>} [attrs]
   * @param {string} [text]
   * @returns {SVGElement}
   */
  function svg(tag, attrs, text) {
    const node = /** @type {SVGElement} */ (document.createElementNS(SVG, tag));
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /**
   * The ticks of an axis: powers of ten on a log axis (with 2 and 5 when few), five steps otherwise.
   * @param {number} min
   * @param {number} max
   * @param {boolean} log
   */
  function ticks(min, max, log) {
    if (!log) {
      const step = (max - min) / 5 || 1;
      return Array.from({ length: 6 }, (_, i) => min + i * step);
    }
    /** @type {number[]} */
    const out = [];
    const few = Math.log10(max) - Math.log10(min) < 3;
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      for (const m of few ? [1, 2, 5] : [1]) {
        const v = m * 10 ** e;
        if (v >= min && v <= max) out.push(v);
      }
    }
    return out;
  }

  /** @type {LlmHtmlApi['scatterChart']} */
  api.scatterChart = function (options) {
    const id = `chart-${Math.random().toString(36).slice(2, 8)}`;
    const root = /** @type {SVGSVGElement} */ (svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart' }));
    root.appendChild(svg('title', { id: `${id}-t` }, options.title));
    root.appendChild(svg('desc', { id: `${id}-d` }, options.description));
    const plot = svg('g');
    root.appendChild(plot);
    options.container.appendChild(root);
    const color = new Map(options.groups.map((g, i) => [g.id, PALETTE[i % PALETTE.length] || '#555']));
    const fx = options.formatX || ((v) => api.formatNumber(v, 3));
    const fy = options.formatY || ((v) => api.formatNumber(v, 3));

    /** @param {LlmHtmlPoint[]} all */
    function update(all) {
      while (plot.firstChild) plot.removeChild(plot.firstChild);
      const points = all.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!options.xLog || p.x > 0) && (!options.yLog || p.y > 0));
      const w = WIDTH - MARGIN.left - MARGIN.right;
      const h = HEIGHT - MARGIN.top - MARGIN.bottom;
      if (points.length === 0) {
        plot.appendChild(svg('text', { x: MARGIN.left + w / 2, y: MARGIN.top + h / 2, 'text-anchor': 'middle', class: 'chart-empty' }, 'No model to plot'));
        return;
      }
      const t = (/** @type {number} */ v, /** @type {boolean | undefined} */ log) => (log ? Math.log10(v) : v);
      const xs = points.map((p) => t(p.x, options.xLog));
      const ys = points.map((p) => t(p.y, options.yLog));
      let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
      let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
      if (x1 - x0 < 1e-9) [x0, x1] = [x0 - 0.5, x1 + 0.5];
      if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
      const px = (/** @type {number} */ v) => MARGIN.left + ((t(v, options.xLog) - x0) / (x1 - x0)) * w;
      const py = (/** @type {number} */ v) => MARGIN.top + h - ((t(v, options.yLog) - y0) / (y1 - y0)) * h;
      const inverse = (/** @type {number} */ v, /** @type {boolean | undefined} */ log) => (log ? 10 ** v : v);

      plot.appendChild(svg('line', { x1: MARGIN.left, y1: MARGIN.top + h, x2: MARGIN.left + w, y2: MARGIN.top + h, class: 'axis' }));
      plot.appendChild(svg('line', { x1: MARGIN.left, y1: MARGIN.top, x2: MARGIN.left, y2: MARGIN.top + h, class: 'axis' }));
      for (const v of ticks(inverse(x0, options.xLog), inverse(x1, options.xLog), !!options.xLog)) {
        plot.appendChild(svg('line', { x1: px(v), y1: MARGIN.top, x2: px(v), y2: MARGIN.top + h, class: 'grid' }));
        plot.appendChild(svg('text', { x: px(v), y: MARGIN.top + h + 16, 'text-anchor': 'middle', class: 'tick' }, fx(v)));
      }
      for (const v of ticks(inverse(y0, options.yLog), inverse(y1, options.yLog), !!options.yLog)) {
        plot.appendChild(svg('line', { x1: MARGIN.left, y1: py(v), x2: MARGIN.left + w, y2: py(v), class: 'grid' }));
        plot.appendChild(svg('text', { x: MARGIN.left - 6, y: py(v) + 4, 'text-anchor': 'end', class: 'tick' }, fy(v)));
      }
      plot.appendChild(svg('text', { x: MARGIN.left + w / 2, y: HEIGHT - 8, 'text-anchor': 'middle', class: 'axis-label' }, options.xLabel));
      plot.appendChild(svg('text', { x: 14, y: MARGIN.top + h / 2, transform: `rotate(-90 14 ${MARGIN.top + h / 2})`, 'text-anchor': 'middle', class: 'axis-label' }, options.yLabel));

      // Selected points last, so they are drawn on top.
      for (const p of points.slice().sort((a, b) => Number(!!a.selected) - Number(!!b.selected))) {
        const dot = svg('circle', { cx: px(p.x).toFixed(1), cy: py(p.y).toFixed(1), r: p.selected ? 6 : 3.5, fill: color.get(p.group) || '#555', class: p.selected ? 'point selected' : 'point', 'data-id': p.id });
        dot.appendChild(svg('title', {}, `${p.label}: ${fx(p.x)}, ${fy(p.y)}`));
        const onSelect = options.onSelect;
        if (onSelect) dot.addEventListener('click', () => onSelect(p.id));
        plot.appendChild(dot);
      }
      options.groups.forEach((g, i) => {
        const y = MARGIN.top + 10 + i * 20;
        plot.appendChild(svg('circle', { cx: WIDTH - MARGIN.right + 20, cy: y, r: 5, fill: color.get(g.id) || '#555' }));
        plot.appendChild(svg('text', { x: WIDTH - MARGIN.right + 32, y: y + 4, class: 'legend' }, g.label));
      });
    }

    return { element: root, update };
  };
})();
