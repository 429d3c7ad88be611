export { toHtml, type HtmlOptions } from './catalog-html.js';
