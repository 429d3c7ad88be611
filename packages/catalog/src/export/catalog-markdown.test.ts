import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { CAPABILITIES } from '../record/index.js';
import { CAPABILITY_LABELS, markdownCell, MODEL_TABLE_HEADER, modelRow, PRICE_TABLE_HEADER, priceRow, toMarkdown } from './catalog-markdown.js';

const catalog = createCatalog({ at: new Date('2026-10-01T12:00:00Z') });
const data = catalog.toData();

/** The tables of a Markdown document as a parser reads them: each with the heading above it, its header and its cells' text. */
function tablesOf(markdown: string): { heading: string; header: string[]; rows: string[][] }[] {
  const out: { heading: string; header: string[]; rows: string[][] }[] = [];
  let heading = '';
  for (const token of marked.lexer(markdown)) {
    if (token.type === 'heading') heading = (token as Tokens.Heading).text;
    if (token.type === 'table') {
      const t = token as Tokens.Table;
      // A cell's text with its escapes resolved, as a renderer shows it.
      const text = (cell: Tokens.TableCell): string => cell.tokens.map((x) => ('text' in x ? (x as { text: string }).text : x.raw)).join('');
      out.push({ heading, header: t.header.map(text), rows: t.rows.map((r) => r.map(text)) });
    }
  }
  return out;
}

describe('Markdown export', () => {
  const tables = tablesOf(toMarkdown(data));

  it('parses into one table per provider with every model, then the capability and price matrices', () => {
    const providers = [...new Set(data.records.map((r) => r.provider))];
    expect(tables.map((t) => t.heading)).toEqual([...['OpenAI', 'Anthropic', 'Google Gemini', 'Groq', 'OpenRouter'].map((name, i) => `${name} (${data.records.filter((r) => r.provider === providers[i]).length})`), 'Capabilities', 'Prices']);
    for (const [i, provider] of providers.entries()) {
      const records = data.records.filter((r) => r.provider === provider);
      expect(tables[i]!.header).toEqual([...MODEL_TABLE_HEADER]);
      expect(tables[i]!.rows).toEqual(records.map((r) => modelRow(r).map((cell) => cell.trim())));
    }
  });

  it('the capability matrix is models x capabilities with ✓ ✗ ?, the price matrix models x prices', () => {
    const caps = tables.at(-2)!;
    expect(caps.header).toEqual(['Model', ...CAPABILITIES.map((c) => CAPABILITY_LABELS[c])]);
    expect(caps.rows).toHaveLength(data.records.length);
    const gpt4o = caps.rows.find((row) => row[0] === 'openai:gpt-4o')!;
    const record = catalog.require('openai:gpt-4o');
    expect(gpt4o.slice(1)).toEqual(CAPABILITIES.map((c) => (record.capabilities[c] === true ? '✓' : record.capabilities[c] === false ? '✗' : '?')));
    const prices = tables.at(-1)!;
    expect(prices.header).toEqual([...PRICE_TABLE_HEADER]);
    expect(prices.rows).toEqual(data.records.map(priceRow));
    expect(prices.rows.find((row) => row[0] === 'google:gemini-2.5-pro')![7]).toBe('>200k: 2.5 / 15');
  });

  it('keeps pipes, asterisks and brackets in names from breaking the table', () => {
    const odd = { ...data.records[0]!, displayName: 'A | B *bold* [link](x) <b>' };
    const [table] = tablesOf(toMarkdown({ ...data, records: [odd] }));
    expect(table!.rows[0]![1]).toBe('A | B *bold* [link](x) <b>');
    expect(table!.rows[0]).toHaveLength(MODEL_TABLE_HEADER.length);
    expect(markdownCell('a|b')).toBe('a\\|b');
  });
});
