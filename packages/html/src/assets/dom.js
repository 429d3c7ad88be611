// @ts-check
/* @llm/html: small DOM and formatting helpers, shared by the other scripts. Plain browser JavaScript. */
(function () {
  const api = /** @type {LlmHtmlApi} */ (window.LlmHtml || {});
  window.LlmHtml = api;

  /**
   * Parses a JSON data block embedded by `renderHtmlPage`.
   * @template T
   * @param {string} id
   * @returns {T}
   */
  api.readJson = function (id) {
    const node = document.getElementById(id);
    if (!node || !node.textContent) throw new Error(`no data block #${id}`);
    return JSON.parse(node.textContent);
  };

  /**
   * Appends children (text becomes text nodes, never markup).
   * @param {Node} parent
   * @param {(LlmHtmlChild | LlmHtmlChild[])[]} children
   */
  function append(parent, children) {
    for (const child of children) {
      if (Array.isArray(child)) append(parent, child);
      else if (child === null || child === undefined || child === false) continue;
      else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
  }

  /**
   * Makes an element: attributes (true → present, false/null/undefined → absent), then children.
   * @type {LlmHtmlApi['el']}
   */
  api.el = function (tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
    append(node, children);
    return node;
  };

  /** @type {LlmHtmlApi['formatNumber']} */
  api.formatNumber = function (value, significant = 4) {
    return String(Number(value.toPrecision(significant)));
  };

  /** @type {LlmHtmlApi['formatUsd']} */
  api.formatUsd = function (value) {
    if (value === null) return '?';
    return `$${api.formatNumber(value, 4)}`;
  };

  /** @type {LlmHtmlApi['formatTokens']} */
  api.formatTokens = function (value) {
    if (value === null) return '?';
    if (value >= 1e6) return `${api.formatNumber(value / 1e6, 3)}M`;
    if (value >= 1e4) return `${api.formatNumber(value / 1e3, 3)}k`;
    return String(value);
  };
})();
