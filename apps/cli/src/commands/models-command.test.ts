import { defaultCatalog, type ModelRecord } from '@llm/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../test/run-llm.test-util.js';

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.remove());

// The expected values come from the catalog package itself, not from this test.
const catalog = defaultCatalog();

describe('llm models', () => {
  it('lists the catalog filtered by provider and capabilities (short names), as a table and as JSON', async () => {
    const [table, json] = await Promise.all([
      sandbox.run(['models', '-p', 'anthropic', '--capability', 'tools,vision']),
      sandbox.run(['models', '--provider', 'anthropic', '--capability', 'tools', '--capability', 'vision', '--json']),
    ]);
    const expected = catalog.find({ provider: 'anthropic', capabilities: ['toolCalling'], inputModalities: ['image'] });
    expect(expected.length).toBeGreaterThan(2);
    expect(json.code).toBe(0);
    const records = JSON.parse(json.stdout) as ModelRecord[];
    expect(records.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+CONTEXT\s+OUTPUT\s+IN \$\/M\s+OUT \$\/M\s+STATUS\s+CAPABILITIES$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(expected.map((r) => r.id));
    const haiku = expected.find((r) => r.aliases.includes('claude-haiku-4-5'))!;
    expect(lines.find((l) => l.startsWith(`${haiku.id} `))).toMatch(new RegExp(`^${haiku.id}\\s+${haiku.limits.context! / 1000}k\\s+${haiku.limits.output! / 1000}k\\s+${haiku.prices.input}\\s+${haiku.prices.output}\\s+toolCalling`));
    // The count goes to stderr: stdout stays the table alone.
    expect(table.stderr).toContain(`${expected.length} of ${catalog.records().length} catalog models`);
  });

  it('finds by words, and refuses an unknown capability naming it (exit 2)', async () => {
    const [search, bad] = await Promise.all([sandbox.run(['models', '--search', 'haiku', '-p', 'anthropic', '--json']), sandbox.run(['models', '--capability', 'telepathy'])]);
    expect((JSON.parse(search.stdout) as ModelRecord[]).map((r) => r.id)).toEqual(catalog.find({ provider: 'anthropic', text: 'haiku' }).map((r) => r.id));
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('unknown capability "telepathy"');
    expect(bad.stderr).toContain('tools, parallel-tools, json');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  it('show: one model by alias, with its sources; --json is the record; an unknown id exits 5', async () => {
    const record = catalog.require('anthropic:claude-haiku-4-5');
    const [shown, json, missing] = await Promise.all([
      sandbox.run(['models', 'show', 'claude-haiku-4-5']),
      sandbox.run(['models', 'show', record.id, '--json']),
      sandbox.run(['models', 'show', 'openai:no-such-model']),
    ]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`id:               ${record.id}\n`);
    expect(shown.stdout).toContain(`context:          ${record.limits.context} tokens\n`);
    expect(shown.stdout).toContain(`input $${record.prices.input}, output $${record.prices.output}`);
    for (const source of record.provenance) expect(shown.stdout).toContain(`${source.source} (${source.verifiedAt}${source.via ? `, via ${source.via}` : ''}): ${source.facts.length} facts`);
    expect(JSON.parse(json.stdout)).toEqual(record);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toContain('openai:no-such-model');
  });

  it('-m takes a catalog alias: the call goes to that provider and model (the mock answering without a key)', async () => {
    const run = await sandbox.run(['-m', 'claude-haiku-4-5', '--json', 'hi']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { model: string }).model).toBe(catalog.require('claude-haiku-4-5').id);
  });
});
