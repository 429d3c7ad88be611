// @ts-check
/* @llm/html: a sortable, filterable table. Sorting is by buttons in the column headers (keyboard and
   screen readers: aria-sort on the header cell); rows are built once and then only shown, hidden
   and reordered, so a few thousand rows stay fast. */
(function () {
  const api = window.LlmHtml;

  /**
   * Compares two sort values: numbers as numbers, text by locale; null always last.
   * @param {string | number | null} a
   * @param {string | number | null} b
   * @param {number} sign 1 ascending, -1 descending
   */
  function compare(a, b, sign) {
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
    if (b === null || b === undefined) return -1;
    if (typeof a === 'number' && typeof b === 'number') return (a - b) * sign;
    return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' }) * sign;
  }

  /**
   * @template T
   * @param {LlmHtmlTableOptions<T>} options
   * @returns {LlmHtmlTable<T>}
   */
  api.createTable = function (options) {
    const { el } = api;
    const { columns, rows } = options;
    /** @type {(row: T) => boolean} */
    let filter = () => true;
    /** @type {{ key: string, direction: LlmHtmlSortDirection } | null} */
    let sort = null;
    /** @type {T[]} */
    let visible = rows.slice();

    /** @type {Map<string, HTMLTableCellElement>} */
    const headers = new Map();
    const headRow = el('tr');
    for (const column of columns) {
      const sortable = column.sortable !== false && typeof column.value === 'function';
      const th = el('th', { scope: 'col', class: column.numeric ? 'num' : null, title: column.title || null, 'aria-sort': sortable ? 'none' : null });
      if (sortable) {
        const button = el('button', { type: 'button', class: 'sort', 'data-key': column.key }, column.label, el('span', { class: 'sort-mark', 'aria-hidden': 'true' }));
        button.addEventListener('click', () => {
          const direction = sort && sort.key === column.key && sort.direction === 'ascending' ? 'descending' : 'ascending';
          table.sortBy(column.key, direction);
        });
        th.appendChild(button);
      } else th.appendChild(document.createTextNode(column.label));
      headers.set(column.key, th);
      headRow.appendChild(th);
    }

    /** @type {Map<T, HTMLTableRowElement>} */
    const rowElements = new Map();
    /**
     * @param {T} row
     * @param {LlmHtmlColumn<T>} column
     */
    const fill = (row, column) => {
      const td = el('td', { class: column.numeric ? 'num' : null, 'data-key': column.key });
      const content = column.cell(row);
      for (const child of Array.isArray(content) ? content : [content]) {
        if (child === null || child === undefined || child === false) continue;
        td.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
      }
      return td;
    };
    const body = el('tbody');
    for (const row of rows) {
      const tr = el('tr', { 'data-id': options.rowId(row) });
      for (const column of columns) tr.appendChild(fill(row, column));
      rowElements.set(row, tr);
      body.appendChild(tr);
    }

    const element = el('table', { class: 'data-table' }, el('caption', null, options.caption), el('thead', null, headRow), body);
    options.container.appendChild(element);

    function apply() {
      visible = rows.filter((row) => filter(row));
      if (sort) {
        const column = columns.find((c) => c.key === (sort && sort.key));
        const value = column && column.value;
        const sign = sort.direction === 'ascending' ? 1 : -1;
        if (value) {
          const order = new Map(rows.map((row, i) => [row, i]));
          visible.sort((a, b) => compare(value(a), value(b), sign) || (order.get(a) || 0) - (order.get(b) || 0));
        }
      }
      const shown = new Set(visible);
      const fragment = document.createDocumentFragment();
      for (const row of visible) {
        const tr = rowElements.get(row);
        if (!tr) continue;
        tr.hidden = false;
        fragment.appendChild(tr);
      }
      for (const row of rows) {
        const tr = rowElements.get(row);
        if (!tr || shown.has(row)) continue;
        tr.hidden = true;
        fragment.appendChild(tr);
      }
      body.appendChild(fragment);
      if (options.onChange) options.onChange(visible.slice());
    }

    /** @type {LlmHtmlTable<T>} */
    const table = {
      element,
      setFilter(next) {
        filter = next;
        apply();
      },
      sortBy(key, direction = 'ascending') {
        sort = { key, direction };
        for (const [k, th] of headers) if (th.hasAttribute('aria-sort')) th.setAttribute('aria-sort', k === key ? direction : 'none');
        apply();
      },
      refresh(keys) {
        const chosen = columns.filter((c) => !keys || keys.includes(c.key));
        for (const row of rows) {
          const tr = rowElements.get(row);
          if (!tr) continue;
          for (const column of chosen) {
            const old = tr.querySelector(`td[data-key="${CSS.escape(column.key)}"]`);
            if (old) tr.replaceChild(fill(row, column), old);
          }
        }
        apply();
      },
      visibleRows: () => visible.slice(),
      rowElement: (row) => rowElements.get(row),
    };
    apply();
    return table;
  };
})();
