import { defaultCatalog } from '@llm/catalog';
import { exportCatalog, parseCatalogJson, parseCatalogYaml, renderTemplate, selectData } from '@llm/catalog/export';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../test/run-llm.test-util.js';

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.remove());

// The expected texts come from the catalog package's own exporters, not from this test.
const catalog = defaultCatalog();
const ESC = String.fromCharCode(27);

describe('llm catalog export', () => {
  it('writes every format as the catalog package does, the whole catalog or the models compared (aliases resolved, order kept)', async () => {
    const compare = ['claude-haiku-4-5', 'openai:gpt-4o'];
    const [csv, yaml, markdown, openapi, jsonschema] = await Promise.all([
      sandbox.run(['catalog', 'export', '--format', 'csv', '--compare', compare.join(',')]),
      sandbox.run(['catalog', 'export', '--format', 'yaml', '--compare', compare[0]!, '--compare', compare[1]!]),
      sandbox.run(['catalog', 'export', '--format', 'markdown']),
      sandbox.run(['catalog', 'export', '--format', 'openapi']),
      sandbox.run(['catalog', 'export', '--format', 'jsonschema']),
    ]);
    for (const run of [csv, yaml, markdown, openapi, jsonschema]) expect(run.code, run.stderr).toBe(0);
    expect(csv.stdout).toBe(await exportCatalog(catalog, 'csv', { compare }));
    expect(csv.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(',')[0])).toEqual(['anthropic:claude-haiku-4-5-20251001', 'openai:gpt-4o']);
    expect((await parseCatalogYaml(yaml.stdout)).records.map((r) => r.id)).toEqual(['anthropic:claude-haiku-4-5-20251001', 'openai:gpt-4o']);
    expect(markdown.stdout).toBe(await exportCatalog(catalog, 'markdown'));
    expect(JSON.parse(openapi.stdout)).toEqual(JSON.parse(await exportCatalog(catalog, 'openapi')));
    expect(JSON.parse(jsonschema.stdout)).toEqual(JSON.parse(await exportCatalog(catalog, 'jsonschema')));
  });

  it('--out writes the file and says so on stderr; stdout stays empty', async () => {
    const file = join(sandbox.home, 'catalog.json');
    const run = await sandbox.run(['catalog', 'export', '--format', 'json', '--out', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const written = readFileSync(file, 'utf8');
    expect(written).toBe(await exportCatalog(catalog, 'json'));
    expect(parseCatalogJson(written).records).toHaveLength(catalog.records().length);
    expect(run.stderr).toBe(`llm: wrote ${Buffer.byteLength(written)} bytes (${catalog.records().length} models) to ${file}\n`);
  });

  it('--template renders a Liquid template of your own over the models compared', async () => {
    const template = '{% for r in records %}{{ r.id }} costs {{ r.prices.input | usd }} per million input tokens\n{% endfor %}';
    const file = join(sandbox.home, 'prices.liquid');
    writeFileSync(file, template);
    const run = await sandbox.run(['catalog', 'export', '--template', file, '--compare', 'openai:gpt-4o']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(await renderTemplate(template, selectData(catalog, ['openai:gpt-4o'])));
    expect(run.stdout).toMatch(/^openai:gpt-4o costs \S+ per million input tokens\n$/);
  });

  it('refuses bad input with one line and a hint: unknown or hostile model ids (exit 5), formats, missing files and clashing flags (exit 2)', async () => {
    const hostile = `openai:${ESC}[2J${ESC}]0;owned${String.fromCharCode(7)}gpt`;
    const [unknown, evil, long, format, none, both, schemaCompare, missing, badTemplate] = await Promise.all([
      sandbox.run(['catalog', 'export', '--format', 'json', '--compare', 'openai:gpt-4o,openai:gpt-99']),
      sandbox.run(['catalog', 'export', '--format', 'csv', '--compare', hostile]),
      sandbox.run(['catalog', 'export', '--format', 'csv', '--compare', `openai:${'x'.repeat(5000)}`]),
      sandbox.run(['catalog', 'export', '--format', 'xlsx']),
      sandbox.run(['catalog', 'export']),
      sandbox.run(['catalog', 'export', '--format', 'csv', '--template', 'x.liquid']),
      sandbox.run(['catalog', 'export', '--format', 'openapi', '--compare', 'openai:gpt-4o']),
      sandbox.run(['catalog', 'export', '--template', join(sandbox.home, 'nope.liquid')]),
      (async () => {
        const file = join(sandbox.home, 'bad.liquid');
        writeFileSync(file, '{% include "/etc/passwd" %}');
        return sandbox.run(['catalog', 'export', '--template', file]);
      })(),
    ]);
    for (const run of [unknown, evil, long, format, none, both, schemaCompare, missing, badTemplate]) {
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toContain(ESC);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(unknown.code).toBe(5);
    expect(unknown.stderr).toBe('llm: model "openai:gpt-99" is not in the catalog [not_found] (hint: llm models lists the models (llm models --provider NAME))\n');
    expect(evil.code).toBe(5);
    expect(evil.stderr).toContain('model "openai:\\u001b[2J\\u001b]0;owned\\u0007gpt" is not in the catalog');
    expect(long.code).toBe(5);
    expect(long.stderr.length).toBeLessThan(700);
    expect(long.stderr).toMatch(/… \(\d+ more characters\)/);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown catalog export format "xlsx" (one of json, yaml, csv, markdown, html, openapi, jsonschema)');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('llm catalog export needs --format (or --template FILE)');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--format and --template do not go together');
    expect(schemaCompare.code).toBe(2);
    expect(schemaCompare.stderr).toContain('--compare does not apply to --format openapi');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`cannot read the template file ${join(sandbox.home, 'nope.liquid')}: ENOENT`);
    expect(badTemplate.code).toBe(2);
    expect(badTemplate.stderr).not.toContain('root:');
    expect(badTemplate.stderr).toMatch(/\[invalid_request\]/);
  });
});
