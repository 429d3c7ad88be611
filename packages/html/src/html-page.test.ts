import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allHtmlScripts, htmlAssets } from './html-assets.js';
import { renderHtmlPage } from './html-page.js';
import { html } from './safe-html.js';

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the page shell', () => {
  const styles = ['body{color:red}'];
  const scripts = ['console.log(1)', 'console.log(2)'];
  const page = renderHtmlPage({ title: 'A <b> page', body: html`<main>${'<x>'}</main>`, styles, scripts, data: { 'the-data': { a: '</script>' } } });

  it('is one document with its styles, body, data and scripts inline, in order, title escaped', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<title>A &lt;b&gt; page</title>');
    expect(page).toContain('<style>body{color:red}</style>');
    expect(page).toContain('<main>&lt;x&gt;</main>');
    expect(page.indexOf('id="the-data"')).toBeLessThan(page.indexOf('<script>console.log(1)</script>'));
    expect(page.indexOf('console.log(1)')).toBeLessThan(page.indexOf('console.log(2)'));
    expect(page).not.toMatch(/\b(src|href)=/);
  });

  it('allows exactly its own styles and scripts by hash and nothing from anywhere', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!.replace(/&#39;/g, "'");
    expect(csp).toBe(
      [`default-src 'none'`, `style-src ${sha(styles[0]!)}`, `script-src ${scripts.map(sha).join(' ')}`, 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; '),
    );
    const none = renderHtmlPage({ title: 't', body: html`` });
    expect(none).toContain("script-src &#39;none&#39;");
  });

  it('refuses an inline script or style that would end its own element', () => {
    expect(() => renderHtmlPage({ title: 't', body: html``, scripts: ['x = "</SCRIPT>"'] })).toThrow(/must not contain <\/script/);
    expect(() => renderHtmlPage({ title: 't', body: html``, styles: ['</style>'] })).toThrow(/must not contain <\/style/);
  });

  it('ships the browser scripts and styles, each defining its part of window.LlmHtml', () => {
    expect(htmlAssets.baseCss()).toContain('.visually-hidden');
    const [dom, table, chart] = allHtmlScripts();
    expect(dom).toMatch(/api\.readJson = /);
    expect(table).toMatch(/api\.createTable = /);
    expect(chart).toMatch(/api\.scatterChart = /);
    for (const script of allHtmlScripts()) expect(script).not.toMatch(/<\/script/i);
  });
});
