import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkCatalogData, serializeCatalogData } from '../../src/data/index.js';
import { provenanceOf, type ModelRecord } from '../../src/record/index.js';
import { convertSnapshot } from './convert-snapshot.js';
import { catalogDrift, snapshotDrift } from './drift.js';
import { readSnapshot } from './read-snapshot.js';
import { parseSnapshot, readCommittedSnapshot, serializeSnapshot } from './snapshot-file.js';

const SHA = 'a'.repeat(40);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A small model-facts folder: README stamp, TOML files by path, OpenRouter listing entries. */
function snapshot(files: Record<string, string>, openRouter: unknown[] = []): string {
  const root = mkdtempSync(join(tmpdir(), 'model-facts-'));
  dirs.push(root);
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('README.md', `snapshot (github.com/x/models.dev,\ncommit ${SHA}, 2026-07-02, MIT)\n`);
  write('models.dev/LICENSE', 'MIT License\n\nCopyright (c) 2025 models.dev\n');
  for (const p of ['openai', 'anthropic', 'google', 'groq', 'openrouter']) mkdirSync(join(root, 'models.dev/providers', p, 'models'), { recursive: true });
  for (const [path, text] of Object.entries(files)) write(`models.dev/providers/${path}`, text);
  write('models.dev/openrouter-models-api.json', JSON.stringify({ data: openRouter }));
  return root;
}

/** Both stages, through the committed file's form: upstream folder → normalised snapshot text → catalog. */
const convert = (root: string): ModelRecord[] => convertSnapshot(parseSnapshot(serializeSnapshot(readSnapshot(root)), 'snapshot.json')).records;
const byId = (records: ModelRecord[], id: string): ModelRecord => records.find((r) => r.id === id)!;

const SONNET = `family = "claude-sonnet"
release_date = "2025-09-29"
tool_call = true
reasoning = true
[cost]
input = 3.00
output = 15.00
cache_read = 0.30
[limit]
context = 200_000
output = 64_000
[modalities]
input = ["text", "image", "pdf"]
output = ["text"]
`;

const orEntry = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  canonical_slug: `${id}-20260101`,
  name: `Vendor: ${id}`,
  context_length: 100_000,
  architecture: { input_modalities: ['text', 'file'], output_modalities: ['text'] },
  pricing: { prompt: '0.000003', completion: '0.000015' },
  top_provider: { context_length: 100_000, max_completion_tokens: 8_000 },
  supported_parameters: ['tools', 'temperature'],
  knowledge_cutoff: null,
  expiration_date: null,
  ...extra,
});

describe('converting the model-facts snapshot', () => {
  it('maps a models.dev file to a record whose facts name models.dev and the snapshot date; absent keys stay unknown, never false', () => {
    const records = convert(snapshot({ 'anthropic/models/claude-sonnet-4-5-20250929.toml': `name = "Claude Sonnet 4.5"\n${SONNET}` }));
    const r = byId(records, 'anthropic:claude-sonnet-4-5-20250929');
    expect(r).toMatchObject({
      displayName: 'Claude Sonnet 4.5',
      family: 'claude-sonnet',
      status: { value: 'active' },
      limits: { context: 200_000, input: null, output: 64_000 },
      modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
      prices: { input: 3, output: 15, cachedInput: 0.3, cacheWrite: null, tiers: [] },
      knowledgeCutoff: null,
      openWeights: 'unknown',
    });
    expect(r.capabilities).toMatchObject({ toolCalling: true, reasoning: true, structuredOutput: 'unknown', temperature: 'unknown', promptCaching: true, jsonMode: 'unknown' });
    expect(provenanceOf(r, 'limits.context')).toEqual({ source: 'models.dev', verifiedAt: '2026-07-02', via: null });
    expect(provenanceOf(r, 'capabilities.structuredOutput')).toBeUndefined();
  });

  it('gives an embedding model (by family or id) embedding output and no output token limit, whatever models.dev says', () => {
    const embedding = (family: string) => `family = "${family}"\n[limit]\ncontext = 8_191\noutput = 1_536\n[modalities]\ninput = ["text"]\noutput = ["text"]\n`;
    const records = convert(
      snapshot({
        'openai/models/text-embedding-3-small.toml': embedding('text-embedding'),
        'google/models/gemini-embedding-001.toml': embedding('gemini'),
        'anthropic/models/claude-sonnet-4-5-20250929.toml': SONNET,
      }),
    );
    for (const id of ['openai:text-embedding-3-small', 'google:gemini-embedding-001']) {
      expect(byId(records, id)).toMatchObject({ limits: { context: 8_191, output: null }, modalities: { input: ['text'], output: ['embedding'] } });
    }
    expect(byId(records, 'anthropic:claude-sonnet-4-5-20250929')).toMatchObject({ limits: { output: 64_000 }, modalities: { output: ['text'] } });
  });

  it('folds a "(latest)" alias into the dated model it equals, and keeps apart one that differs', () => {
    const records = convert(
      snapshot({
        'anthropic/models/claude-sonnet-4-5-20250929.toml': `name = "Claude Sonnet 4.5"\n${SONNET}`,
        'anthropic/models/claude-sonnet-4-5.toml': `name = "Claude Sonnet 4.5 (latest)"\n${SONNET}`,
        'anthropic/models/claude-opus-4-5-20251101.toml': `name = "Claude Opus 4.5"\n${SONNET}`,
        'anthropic/models/claude-opus-4-5.toml': `name = "Claude Opus 4.5 (latest)"\n${SONNET.replace('64_000', '32_000')}`,
      }),
    );
    expect(records.map((r) => r.id)).toEqual(['anthropic:claude-opus-4-5', 'anthropic:claude-opus-4-5-20251101', 'anthropic:claude-sonnet-4-5-20250929']);
    expect(byId(records, 'anthropic:claude-sonnet-4-5-20250929').aliases).toEqual(['claude-sonnet-4-5']);
    expect(byId(records, 'anthropic:claude-opus-4-5-20251101').aliases).toEqual([]);
  });

  it("takes OpenRouter's listing as the authority on how it serves its models, and models.dev for the rest", () => {
    const records = convert(
      snapshot(
        { 'openrouter/models/acme/m1.toml': `name = "M1"\nknowledge = "2025-01"\nstructured_output = true\n[cost]\ninput = 9\noutput = 9\ncache_read = 1\n[limit]\ncontext = 50_000\noutput = 1_000\n` },
        [orEntry('acme/m1', { expiration_date: '2026-08-01' }), orEntry('acme/only-listed', { pricing: { prompt: '-1', completion: '-1' } })],
      ),
    );
    const m1 = byId(records, 'openrouter:acme/m1');
    expect(m1).toMatchObject({
      displayName: 'M1',
      knowledgeCutoff: '2025-01',
      aliases: ['acme/m1-20260101'],
      limits: { context: 100_000, output: 8_000 },
      modalities: { input: ['text', 'pdf'], output: ['text'] },
      prices: { input: 3, output: 15, cachedInput: 1 },
      status: { value: 'deprecated', retiresOn: '2026-08-01' },
    });
    // Listed parameters: tools yes, structured_outputs not forwarded (a stated false, over models.dev's true).
    expect(m1.capabilities).toMatchObject({ toolCalling: true, structuredOutput: false, temperature: true, jsonMode: false, parallelToolCalls: 'unknown', webSearch: 'unknown' });
    expect(provenanceOf(m1, 'prices.input')?.source).toBe('openrouter-api');
    expect(provenanceOf(m1, 'prices.cachedInput')?.source).toBe('models.dev');
    expect(provenanceOf(m1, 'displayName')?.source).toBe('models.dev');
    const listed = byId(records, 'openrouter:acme/only-listed');
    expect(listed.prices.input).toBeNull();
    expect(listed.displayName).toBe('Vendor: acme/only-listed');
    expect(provenanceOf(listed, 'id')?.source).toBe('openrouter-api');
  });

  it("fills a vendor file's gaps from OpenRouter's entry for its base model, saying so (via), without its prices or its stated falses", () => {
    const records = convert(
      snapshot({ 'openai/models/gpt-9.toml': `base_model = "openai/gpt-9"\n[cost]\ninput = 1.25\noutput = 10\n` }, [
        orEntry('openai/gpt-9', { name: 'OpenAI: GPT-9', supported_parameters: ['tools'], pricing: { prompt: '0.000002', completion: '0.00002' } }),
      ]),
    );
    const r = byId(records, 'openai:gpt-9');
    expect(r).toMatchObject({ displayName: 'GPT-9', limits: { context: 100_000, output: 8_000 }, prices: { input: 1.25, output: 10 } });
    expect(r.capabilities.toolCalling).toBe(true);
    expect(r.capabilities.temperature).toBe('unknown');
    expect(provenanceOf(r, 'limits.context')).toEqual({ source: 'openrouter-api', verifiedAt: '2026-07-02', via: 'openai/gpt-9' });
  });

  it('reads tiers, reasoning options, status and nested ids (groq/openrouter folders)', () => {
    const records = convert(
      snapshot({
        'google/models/gemini-9-pro-preview.toml': `name = "G9"\nreasoning = true\n[[reasoning_options]]\ntype = "toggle"\n[[reasoning_options]]\ntype = "budget_tokens"\nmin = 128\nmax = 32_768\n[cost]\ninput = 1.25\noutput = 10\n[[cost.tiers]]\ntier = { size = 200_000 }\ninput = 2.5\noutput = 15\n`,
        'groq/models/openai/gpt-oss-20b.toml': `name = "GPT OSS 20B"\nstatus = "deprecated"\nreasoning_options = [{ type = "effort", values = ["low", "high"] }]\n`,
      }),
    );
    expect(byId(records, 'google:gemini-9-pro-preview')).toMatchObject({
      status: { value: 'preview' },
      reasoningControls: { effort: [], budgetTokens: { min: 128, max: 32_768 }, toggle: true },
      prices: { tiers: [{ aboveInputTokens: 200_000, input: 2.5, output: 15, cachedInput: null, cacheWrite: null }] },
    });
    expect(byId(records, 'groq:openai/gpt-oss-20b')).toMatchObject({ model: 'openai/gpt-oss-20b', status: { value: 'deprecated' }, reasoningControls: { effort: ['low', 'high'], toggle: false } });
  });

  it('a file that does not fit fails naming the file and the field', () => {
    expect(() => convert(snapshot({ 'openai/models/bad.toml': `name = "Bad"\n[limit]\ncontext = "lots"\n` }))).toThrow(
      /models\.dev\/providers\/openai\/models\/bad\.toml: limit\.context: .*expected number/,
    );
    expect(() => convert(snapshot({ 'openai/models/bad.toml': `name = "Bad"\n[modalities]\ninput = ["smell"]\n` }))).toThrow(
      /models\.dev\/providers\/openai\/models\/bad\.toml \(openai:bad\): modalities\.input\[0\]: /,
    );
    expect(() => convert(snapshot({ 'openai/models/bad.toml': `name = "Bad` }))).toThrow(/bad\.toml: not TOML/);
    expect(() => convert(snapshot({}, [{ id: 'x/y', name: 3 }]))).toThrow(/openrouter-models-api\.json data\[0\]: name: /);
  });

  it('is deterministic and its output validates as catalog data', () => {
    const root = snapshot({ 'anthropic/models/claude-sonnet-4-5-20250929.toml': `name = "Claude Sonnet 4.5"\n${SONNET}` }, [orEntry('acme/m1')]);
    const first = convertSnapshot(readSnapshot(root));
    expect(serializeCatalogData(convertSnapshot(readSnapshot(root)))).toBe(serializeCatalogData(first));
    expect(checkCatalogData(first, 'fresh')).toEqual([]);
    expect(first.sources.map((s) => [s.id, s.version, s.asOf])).toEqual([
      ['models.dev', SHA, '2026-07-02'],
      ['openrouter-api', null, '2026-07-02'],
    ]);
  });
});

describe('the normalised snapshot (stage 1 output, stage 2 input)', () => {
  it('keeps only the fields the conversion reads, with the upstream repository, commit, date and licence, one item per line', () => {
    const root = snapshot({ 'openai/models/gpt-9.toml': `name = "GPT-9"\ninterleaved = true\n[cost]\ninput = 1\nunread = 2\n` }, [orEntry('acme/m1', { description: 'long text', pricing: { prompt: '0.000001', image: '0.1' } })]);
    const fresh = readSnapshot(root);
    expect(fresh).toMatchObject({ repository: 'github.com/x/models.dev', commit: SHA, date: '2026-07-02', licence: 'MIT', licenceText: expect.stringMatching(/^MIT License/) });
    expect(fresh.models).toEqual([{ provider: 'openai', model: 'gpt-9', file: 'models.dev/providers/openai/models/gpt-9.toml', data: { name: 'GPT-9', cost: { input: 1 } } }]);
    expect(fresh.openRouter[0]).not.toHaveProperty('description');
    expect(fresh.openRouter[0]!.pricing).toEqual({ prompt: '0.000001' });
    const text = serializeSnapshot(fresh);
    expect(text.split('\n')).toHaveLength(8); // header, "models":[, 1 model, ], "openRouter":[, 1 entry, ]}, ""
    expect(parseSnapshot(text, 'x.json')).toEqual(fresh);
    expect(snapshotDrift(fresh, text)).toEqual([]);
  });

  it('a committed snapshot that does not fit fails naming the file and the field', () => {
    const text = serializeSnapshot(readSnapshot(snapshot({ 'openai/models/gpt-9.toml': `name = "GPT-9"\n` }))).replace('"name":"GPT-9"', '"name":7');
    expect(() => parseSnapshot(text, 'sources/models-dev-2026-07-02.json')).toThrow(/^sources\/models-dev-2026-07-02\.json: models\[0\]\.data\.name: .*expected string/);
    expect(() => parseSnapshot('{', 'sources/x.json')).toThrow(/sources\/x\.json: not JSON/);
    expect(() => parseSnapshot(text.replace('"licence":"MIT"', '"licence":"GPL"'), 'f.json')).toThrow(/f\.json: licence: /);
  });

  it('drift names each model file and OpenRouter entry that differs, appears or disappears', () => {
    const before = readSnapshot(snapshot({ 'openai/models/a.toml': 'name = "A"\n', 'openai/models/b.toml': 'name = "B"\n' }, [orEntry('x/y')]));
    const after = readSnapshot(snapshot({ 'openai/models/a.toml': 'name = "A2"\n', 'openai/models/c.toml': 'name = "C"\n' }, [orEntry('x/z')]));
    expect(snapshotDrift(after, serializeSnapshot(before))).toEqual([
      'model file models.dev/providers/openai/models/a.toml: differs from the committed file',
      'model file models.dev/providers/openai/models/c.toml: not in the committed file',
      'model file models.dev/providers/openai/models/b.toml: committed, but not in the fresh result',
      'OpenRouter entry x/z: not in the committed file',
      'OpenRouter entry x/y: committed, but not in the fresh result',
    ]);
  });

  it('stage 2 reads exactly one committed snapshot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sources-'));
    dirs.push(dir);
    const url = new URL(`file://${dir}/`);
    expect(() => readCommittedSnapshot(url)).toThrow(/expected exactly one models-dev-<date>\.json snapshot, found none/);
    const text = serializeSnapshot(readSnapshot(snapshot({})));
    writeFileSync(join(dir, 'models-dev-2026-07-02.json'), text);
    expect(readCommittedSnapshot(url)).toMatchObject({ file: 'sources/models-dev-2026-07-02.json', text });
    writeFileSync(join(dir, 'models-dev-2026-08-01.json'), text);
    expect(() => readCommittedSnapshot(url)).toThrow(/found models-dev-2026-07-02\.json, models-dev-2026-08-01\.json/);
  });
});

describe('catalog drift', () => {
  it('names each record that differs, and says so when the committed file is not JSON', () => {
    const data = convertSnapshot(readSnapshot(snapshot({ 'openai/models/a.toml': 'name = "A"\n', 'openai/models/b.toml': 'name = "B"\n' })));
    const text = serializeCatalogData(data);
    expect(catalogDrift(data, text)).toEqual([]);
    expect(catalogDrift(data, text.replace('"displayName":"A"', '"displayName":"A2"'))).toEqual(['record openai:a: differs from the committed file']);
    expect(catalogDrift(data, text.replace('"displayName":"A"', '"displayName":A'))).toEqual([expect.stringMatching(/^the committed file is not JSON: /)]);
    expect(catalogDrift(data, text.replace('\n', ''))).toEqual(['the committed file is not in the canonical form (order, layout or header differs)']);
  });
});
