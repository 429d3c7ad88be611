import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { renderTemplate } from './catalog-template.js';
import { formatUsd } from './format-values.js';

const catalog = createCatalog({ at: new Date('2026-10-01T12:00:00Z') });
const data = catalog.toData();

async function refusal(template: string, options = {}): Promise<LLMError> {
  const error = await renderTemplate(template, data, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LLMError);
  return error as LLMError;
}

describe('custom formats from a Liquid template', () => {
  it('renders the catalog as data, with the usd, tokens, flag and provider_name filters', async () => {
    const template = [
      '{% for p in providers %}## {{ p.id | provider_name }} ({{ p.records.size }})',
      '{% for r in p.records limit: 2 %}- {{ r.id }}: {{ r.prices.input | usd }} in, {{ r.limits.context | tokens }} context, tools {{ r.capabilities.toolCalling | flag }}',
      '{% endfor %}{% endfor %}sources: {% for s in sources %}{{ s.id }}@{{ s.asOf }}{% unless forloop.last %}, {% endunless %}{% endfor %}',
    ].join('\n');
    const out = await renderTemplate(template, data);
    const expected: string[] = [];
    const names: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google Gemini', groq: 'Groq', openrouter: 'OpenRouter' };
    for (const provider of ['openai', 'anthropic', 'google', 'groq', 'openrouter']) {
      const records = data.records.filter((r) => r.provider === provider);
      expected.push(`## ${names[provider]} (${records.length})`);
      for (const r of records.slice(0, 2)) {
        const context = r.limits.context === null ? '?' : r.limits.context >= 1e6 ? `${Number((r.limits.context / 1e6).toPrecision(3))}M` : r.limits.context >= 1e4 ? `${Number((r.limits.context / 1e3).toPrecision(3))}k` : String(r.limits.context);
        const tools = r.capabilities.toolCalling === true ? '✓' : r.capabilities.toolCalling === false ? '✗' : '?';
        expected.push(`- ${r.id}: ${formatUsd(r.prices.input)} in, ${context} context, tools ${tools}`);
      }
    }
    expect(out).toBe(`${expected.join('\n')}\nsources: ${data.sources.map((s) => `${s.id}@${s.asOf}`).join(', ')}`);
  });

  it('cannot read files: include, render and layout fail and show nothing of the file', async () => {
    for (const template of ["{% include '/etc/passwd' %}", "{% render '../../package.json' %}", "{% layout 'base' %}x", '{% include file %}']) {
      const error = await refusal(template);
      expect(error.code).toBe('invalid_request');
      expect(error.message).not.toContain('root:');
    }
  });

  it('cannot reach code: no constructors or prototypes, no unknown filters', async () => {
    expect(await renderTemplate('[{{ records.constructor }}][{{ records[0].constructor.name }}][{{ sources.__proto__ }}][{{ records[0].id.constructor }}]', data)).toBe('[][][][]');
    expect((await refusal("{{ 'x' | eval }}")).message).toMatch(/undefined filter: eval/);
  });

  it('is bounded in time and memory', async () => {
    const loop = '{% for a in (1..100000) %}{% for b in (1..100000) %}{{ b }}{% endfor %}{% endfor %}';
    const started = Date.now();
    expect((await refusal(loop, { renderLimitMs: 200 })).code).toBe('invalid_request');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await refusal("{% assign s = 'xxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s.size }}", { memoryLimit: 1_000_000 })).code).toBe('invalid_request');
  });

  it('a template that does not parse is an error naming the problem', async () => {
    expect((await refusal('{% for r in records %}no end')).message).toMatch(/catalog template: .*for/i);
  });
});
