import { createHash } from 'node:crypto';
import { LLMError } from '@llm/errors';
import { escapeHtml, type SafeHtml } from './safe-html.js';
import { jsonScript } from './script-json.js';

export interface HtmlPageOptions {
  title: string;
  /** The page's language (default `en`). */
  lang?: string;
  description?: string;
  /** Style sheets, inlined in order. */
  styles?: readonly string[];
  /** The page's markup (build it with `html`, which escapes what it interpolates). */
  body: SafeHtml;
  /** Data blocks by element id, embedded as JSON the page's scripts read (`LlmHtml.readJson(id)`). */
  data?: Readonly<Record<string, unknown>>;
  /** Scripts, inlined in order after the body (plain browser JavaScript). */
  scripts?: readonly string[];
}

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** A style or script inlined as it is: the text must not hold its own end tag. */
function inline(tag: 'style' | 'script', text: string): string {
  if (new RegExp(`</${tag}`, 'i').test(text)) {
    throw new LLMError({ code: 'invalid_request', message: `renderHtmlPage: an inline ${tag} must not contain </${tag} (it would end its element early)`, retryable: false, local: true });
  }
  return `<${tag}>${text}</${tag}>`;
}

/**
 * One self-contained HTML file that works offline: inline styles and scripts, data as JSON blocks,
 * and a Content-Security-Policy that lets only those exact styles and scripts run (by their SHA-256)
 * and loads nothing from anywhere: no network, no other script, even if data were to smuggle markup in.
 */
export function renderHtmlPage(options: HtmlPageOptions): string {
  const styles = options.styles ?? [];
  const scripts = options.scripts ?? [];
  const csp = [
    "default-src 'none'",
    `style-src ${styles.map(hash).join(' ') || "'none'"}`,
    `script-src ${scripts.map(hash).join(' ') || "'none'"}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const data = Object.entries(options.data ?? {}).map(([id, value]) => jsonScript(id, value).value);
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(options.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    options.description ? `<meta name="description" content="${escapeHtml(options.description)}">` : '',
    ...styles.map((s) => inline('style', s)),
    '</head>',
    '<body>',
    options.body.value,
    ...data,
    ...scripts.map((s) => inline('script', s)),
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
