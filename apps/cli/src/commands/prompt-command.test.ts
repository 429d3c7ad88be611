import type { StreamEvent } from '@llm/schema';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';

const world = useCliWorld('openai', 'anthropic');
/** The environment of a user with an OpenAI key, whose vendor is the fake server. */
const withKey = () => world.keys('openai');

describe('llm PROMPT without a key: the built-in mock', () => {
  it('answers on stdout and says on stderr that the mock answered', async () => {
    const run = await world.sandbox.run(['Hello']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Hello! This is the built-in mock model, so nothing was sent to OpenAI. You wrote: "Hello". Set OPENAI_API_KEY for a real answer.\n');
    expect(run.stderr).toContain('llm: no OPENAI_API_KEY set: openai:gpt-4o-mini is answered by the built-in mock');
    // The usage-and-cost line, priced from the catalog.
    expect(run.stderr).toMatch(/openai:gpt-4o-mini-2024-07-18 \(mock\) · \d+ in \+ \d+ out tokens · \$[\d.e-]+ · /);
    expect(world.servers.openai.requests).toHaveLength(0);
  });

  it('mocks the vendor named by -m, and --no-mock makes a missing key an error (exit 3)', async () => {
    const mocked = await world.sandbox.run(['-m', 'anthropic', 'Hi']);
    expect(mocked.code).toBe(0);
    expect(mocked.stdout).toContain('nothing was sent to Anthropic');
    expect(mocked.stderr).toContain('no ANTHROPIC_API_KEY set: anthropic:claude-haiku-4-5 is answered by the built-in mock');
    const refused = await world.sandbox.run(['-m', 'anthropic', '--no-mock', 'Hi']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe('llm: no key for anthropic: ANTHROPIC_API_KEY is not set [configuration] (hint: set ANTHROPIC_API_KEY, or put providers.anthropic.apiKey in the config file)\n');
  });

  it('gives structured output that fits the schema', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, servings: { type: 'integer', minimum: 2 } }, required: ['name', 'servings'] };
    const run = await world.sandbox.run(['--schema', JSON.stringify(schema), 'A recipe']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ name: 'example', servings: 2 });
  });

  it('stops at --max-tokens like a real model: a warning, and exit 9 with --strict', async () => {
    const run = await world.sandbox.run(['--max-tokens', '4', 'Hello there']);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeLessThan(30);
    expect(run.stderr).toContain('llm: the answer was cut off at the token limit (raise --max-tokens) (finish: length)');
    const strict = await world.sandbox.run(['--max-tokens', '4', '--strict', 'Hello there']);
    expect(strict.code).toBe(9);
  });
});

describe('llm PROMPT with a key: the vendor (a fake server on 127.0.0.1)', () => {
  it('streams the answer to stdout and sends the prompt, system, temperature and max tokens', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'Paris is the capital of France.', usage: { inputTokens: 20, outputTokens: 8 } });
    const run = await world.sandbox.run(['-m', 'openai:gpt-4o', '-s', 'Be brief.', '--temperature', '0.2', '--max-tokens', '50', 'Capital', 'of', 'France?'], { env: withKey() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Paris is the capital of France.\n');
    expect(run.stderr).not.toContain('mock');
    // gpt-4o at $2.50 / $10 per million tokens: 20 * 2.5e-6 + 8 * 10e-6 = $0.00013
    expect(run.stderr).toMatch(/^openai:gpt-4o · 20 in \+ 8 out tokens · \$0\.00013 · /m);
    const seen = world.servers.openai.lastRequest();
    expect(seen.model).toBe('gpt-4o');
    expect(seen.stream).toBe(true);
    expect(seen.system).toBe('Be brief.');
    expect(seen.temperature).toBe(0.2);
    expect(seen.maxTokens).toBe(50);
    expect(JSON.stringify(seen.body)).toContain('Capital of France?');
  });

  it('puts text piped on stdin before the prompt', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'A summary.' });
    const run = await world.sandbox.run(['summarise this'], { env: withKey(), input: 'line one\nline two\n' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('A summary.\n');
    const messages = (world.servers.openai.lastRequest().body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'line one\nline two\n\nsummarise this' });
  });

  it('--json prints one object: text, usage, cost, model, routing, finish reason', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'Four.', usage: { inputTokens: 12, outputTokens: 2 } });
    const run = await world.sandbox.run(['--json', 'What is 2+2?'], { env: withKey() });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      text: 'Four.',
      object: null,
      finishReason: 'stop',
      model: 'openai:gpt-4o-mini',
      answeredBy: 'openai:gpt-4o-mini-2024-07-18',
      mock: false,
      routing: null,
      usage: { inputTokens: 12, outputTokens: 2, totalTokens: 14 },
    });
    // gpt-4o-mini at $0.15 / $0.60 per million: 12 * 0.15e-6 + 2 * 0.6e-6
    expect((result.cost as { totalUsd: number }).totalUsd).toBeCloseTo(0.000003, 12);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--jsonl prints the stream events, one per line, ending with the finish', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'one two three', chunks: 3 });
    const run = await world.sandbox.run(['--jsonl', 'Count'], { env: withKey() });
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as StreamEvent<unknown>);
    const deltas = events.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBe(3);
    expect(deltas.map((e) => (e.type === 'text-delta' ? e.text : '')).join('')).toBe('one two three');
    const last = events.at(-1)!;
    expect(last.type).toBe('finish');
    expect(last.type === 'finish' && last.response.text).toBe('one two three');
    expect(events.some((e) => e.type === 'usage')).toBe(true);
  });

  it('--no-stream asks for one reply', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'Whole.' });
    const run = await world.sandbox.run(['--no-stream', 'Hi'], { env: withKey() });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Whole.\n');
    expect(world.servers.openai.lastRequest().stream).toBe(false);
  });

  it('--schema FILE sends the schema and prints the checked object; a reply that does not fit exits 7', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' }, population: { type: 'number' } }, required: ['city', 'population'], additionalProperties: false };
    const file = join(world.sandbox.home, 'city.schema.json');
    writeFileSync(file, JSON.stringify(schema));
    world.servers.openai.enqueue({ kind: 'text', text: '{"city":"Lisbon","population":545000}' });
    const run = await world.sandbox.run(['--schema', file, 'Lisbon facts'], { env: withKey() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ city: 'Lisbon', population: 545000 });
    expect(world.servers.openai.lastRequest().responseSchema).toEqual(schema);

    world.servers.openai.enqueue({ kind: 'text', text: '{"city":"Lisbon"}' });
    const bad = await world.sandbox.run(['--schema', file, 'Lisbon facts'], { env: withKey() });
    expect(bad.code).toBe(7);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/\[malformed_response\]/);
  });

  it('-o key=value goes to the vendor as a provider option (JSON values read as JSON)', async () => {
    const run = await world.sandbox.run(['-o', 'reasoning_effort=low', '-o', 'seed=7', 'Hi'], { env: withKey() });
    expect(run.code).toBe(0);
    expect(world.servers.openai.lastRequest().body).toMatchObject({ reasoning_effort: 'low', seed: 7 });
  });

  it('--max-cost refuses before sending when the worst case is above it (exit 8)', async () => {
    const run = await world.sandbox.run(['--max-cost', '0.00001', '--max-tokens', '1000', 'Write an essay'], { env: withKey() });
    expect(run.code).toBe(8);
    expect(world.servers.openai.requests).toHaveLength(0);
    expect(run.stderr).toMatch(/could cost up to \$[\d.]+, over the limit of \$0\.00001 per request .*\[cost_exceeded\] \(hint: raise --max-cost/);
    // Within the limit it goes through.
    const ok = await world.sandbox.run(['--max-cost', '0.01', '--max-tokens', '1000', 'Write an essay'], { env: withKey() });
    expect(ok.code).toBe(0);
  });

  it('reports retries on stderr (and --quiet hides them)', async () => {
    world.servers.openai.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'Back.' });
    const run = await world.sandbox.run(['Hi'], { env: { ...withKey(), LLM_RETRY_INITIAL_DELAY: '10ms' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Back.\n');
    expect(run.stderr).toMatch(/llm: openai:gpt-4o-mini failed \(overloaded\); retry 1 in \d+ ms/);
    world.servers.openai.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'Back.' });
    const quiet = await world.sandbox.run(['-q', 'Hi'], { env: { ...withKey(), LLM_RETRY_INITIAL_DELAY: '10ms' } });
    expect(quiet.stdout).toBe('Back.\n');
    expect(quiet.stderr).toBe('');
  });

  it('falls back to the next model, says so on stderr, and --json carries the routing', async () => {
    world.servers.openai.enqueue({ kind: 'error', error: 'overloaded' });
    world.servers.anthropic.enqueue({ kind: 'text', text: 'From Claude.' });
    const env = world.keys('openai', 'anthropic');
    const run = await world.sandbox.run(['--json', '--retries', '0', '--fallback', 'anthropic:claude-haiku-4-5', 'Hi'], { env });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { text: string; routing: { answeredBy: string; tried: Array<{ model: string; errorCode: string }> } };
    expect(result.text).toBe('From Claude.');
    expect(result.routing.answeredBy).toBe('anthropic:claude-haiku-4-5');
    expect(result.routing.tried).toEqual([{ model: 'openai:gpt-4o-mini', errorCode: 'overloaded' }]);
    expect(run.stderr).toContain('llm: openai:gpt-4o-mini failed (overloaded); falling back to anthropic:claude-haiku-4-5');
  });

  it('a stream cut before its finish: the text so far, a warning, and the error exit code', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'one two three four five six', fault: { kind: 'cut', afterChunks: 2 } });
    const run = await world.sandbox.run(['--retries', '0', 'Count'], { env: withKey() });
    expect(run.code).toBe(7);
    expect(run.stdout).toMatch(/^one /);
    expect(run.stdout).not.toContain('six');
    expect(run.stderr).toContain('llm: the answer above is incomplete');
  });

  it('a length finish from the vendor warns, and --strict exits 9', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'Once upon a', finishReason: 'length' });
    const run = await world.sandbox.run(['--strict', 'A story'], { env: withKey() });
    expect(run.stdout).toBe('Once upon a\n');
    expect(run.stderr).toContain('llm: the answer was cut off at the token limit');
    expect(run.code).toBe(9);
  });
});

describe('bad input: one line with a hint, no stack (unless --debug)', () => {
  const cases: Array<{ args: string[]; code: number; line: RegExp }> = [
    { args: ['--bogus', 'Hi'], code: 2, line: /^llm: unknown option '--bogus' \(hint: llm --help lists the options\)$/ },
    { args: ['--temperature', 'hot', 'Hi'], code: 2, line: /^llm: option '--temperature <t>' argument 'hot' is invalid\. expected a number from 0 to 2, got "hot"/ },
    { args: ['-m', 'acme:model', 'Hi'], code: 3, line: /^llm: unknown provider "acme" in "acme:model" \[configuration\] \(hint: the providers are openai, anthropic, google, groq, openrouter\)$/ },
    { args: ['--schema', '/no/such/file.json', 'Hi'], code: 2, line: /^llm: cannot read the schema file \/no\/such\/file\.json: ENOENT \[invalid_request\]/ },
    { args: ['--schema', '{not json', 'Hi'], code: 2, line: /^llm: the inline --schema is not JSON: / },
    { args: ['--json', '--jsonl', 'Hi'], code: 2, line: /^llm: --json and --jsonl cannot be used together/ },
    { args: [], code: 2, line: /^llm: no prompt: give one as an argument or pipe text on stdin/ },
  ];
  for (const { args, code, line } of cases) {
    it(`llm ${args.join(' ')} -> exit ${code}`, async () => {
      const run = await world.sandbox.run(args);
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.trim()).toMatch(line);
    });
  }

  it('a wrong key: exit 4, one line, the key never printed; --debug adds the stack', async () => {
    const env = { OPENAI_API_KEY: 'sk-wrong-key-1234567890abcdef', OPENAI_BASE_URL: world.servers.openai.baseUrl };
    const run = await world.sandbox.run(['Hi'], { env });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/\[authentication\] \(hint: check the vendor key/);
    const debug = await world.sandbox.run(['--debug', 'Hi'], { env });
    expect(debug.code).toBe(4);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(run.stderr + debug.stderr).not.toContain('sk-wrong-key-1234567890abcdef');
  });

  it('a bad config file: exit 3 naming every bad field', async () => {
    const dir = join(world.sandbox.home, 'bad-config');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.yaml'), 'modle: openai:gpt-4o\nproviders:\n  openai:\n    baseUrl: not a url\n');
    const run = await world.sandbox.run(['--config', join(dir, 'config.yaml'), 'Hi']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('providers.openai.baseUrl: Invalid URL');
    expect(run.stderr).toContain('Unrecognized key: "modle"');
  });
});

describe('output discipline', () => {
  it('--version prints the version only', async () => {
    const run = await world.sandbox.run(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(run.stderr).toBe('');
  });

  it('no colour codes when stderr is not a terminal', async () => {
    const run = await world.sandbox.run(['--bogus']);
    expect(run.stderr).not.toContain("\u001b[");
  });
});
