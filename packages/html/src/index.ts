export { escapeHtml, html, rawHtml, SafeHtml } from './safe-html.js';
export { jsonForScript, jsonScript } from './script-json.js';
export { renderHtmlPage, type HtmlPageOptions } from './html-page.js';
export { allHtmlScripts, htmlAssets } from './html-assets.js';
