import { describe, expect, it } from 'vitest';
import { escapeHtml, html, rawHtml } from './safe-html.js';
import { jsonForScript, jsonScript } from './script-json.js';

const HOSTILE = `</script><script>alert("x")</script><!-- & 'q' \u2028\u2029 <b>`;

describe('escaping', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(42)).toBe('42');
  });

  it('html`` escapes what it interpolates, keeps SafeHtml, joins arrays and drops null/undefined/false', () => {
    const name = '<img src=x onerror=alert(1)>';
    const out = html`<td title="${name}">${name}</td>${[html`<b>${'a&b'}</b>`, rawHtml('<i>ok</i>')]}${null}${undefined}${false}${0}`;
    expect(out.value).toBe('<td title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</td><b>a&amp;b</b><i>ok</i>0');
    expect(String(out)).toBe(out.value);
  });
});

describe('JSON inside a script element', () => {
  it('can hold anything without ending the element or opening a comment, and parses back unchanged', () => {
    const value = { name: HOSTILE, nested: [HOSTILE, { k: HOSTILE }], n: 1.5, ok: true, none: null };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
    const tag = jsonScript('data"x', value).value;
    expect(tag.startsWith('<script type="application/json" id="data&quot;x">')).toBe(true);
    expect(tag.match(/<\/script/gi)).toHaveLength(1);
  });

  it('refuses a value with no JSON form', () => {
    expect(() => jsonForScript(undefined)).toThrow(expect.objectContaining({ code: 'invalid_request', message: 'jsonForScript: a value of type undefined has no JSON form' }));
  });
});
