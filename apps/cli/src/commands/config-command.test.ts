import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../test/run-llm.test-util.js';

let sandbox: Sandbox;
let openai: FakeServer;
let configFile: string;

beforeAll(async () => {
  sandbox = createSandbox();
  openai = await startFakeOpenAIServer();
  configFile = join(sandbox.env.XDG_CONFIG_HOME!, 'llm', 'config.yaml');
  mkdirSync(join(sandbox.env.XDG_CONFIG_HOME!, 'llm'), { recursive: true });
});
afterAll(async () => {
  await openai.close();
  sandbox.remove();
});

const write = (yaml: string) => writeFileSync(configFile, yaml);

describe('llm config', () => {
  it('path: $XDG_CONFIG_HOME/llm/config.yaml, or LLM_CONFIG, or --config', async () => {
    expect((await sandbox.run(['config', 'path'])).stdout).toBe(`${configFile}\n`);
    expect((await sandbox.run(['config', 'path'], { env: { LLM_CONFIG: '/etc/llm.yaml' } })).stdout).toBe('/etc/llm.yaml\n');
    expect((await sandbox.run(['--config', '/tmp/x.yaml', 'config', 'path'])).stdout).toBe('/tmp/x.yaml\n');
  });

  it('show: where each key comes from, never the key', async () => {
    write(`model: fast\naliases:\n  fast: openai:gpt-4o\nproviders:\n  openai:\n    apiKey: ${openai.apiKey}\n    baseUrl: ${openai.baseUrl}\nclient:\n  timeout: 45s\n  headers:\n    authorization: Bearer sk-header-secret-123456\n`);
    const run = await sandbox.run(['config', 'show', '--json'], { env: { GROQ_API_KEY: 'gsk_env_secret_abcdef123456', LLM_MAX_RETRIES: '4' } });
    expect(run.code).toBe(0);
    const view = JSON.parse(run.stdout) as { model: string; providers: Array<{ provider: string; key: string; baseUrl: string }>; client: Record<string, unknown>; aliases: Record<string, string> };
    expect(view.model).toBe('fast');
    expect(view.aliases).toEqual({ fast: 'openai:gpt-4o' });
    expect(view.providers.find((p) => p.provider === 'openai')).toMatchObject({ key: 'set (config)', baseUrl: openai.baseUrl });
    expect(view.providers.find((p) => p.provider === 'groq')!.key).toBe('set (env:GROQ_API_KEY)');
    expect(view.providers.find((p) => p.provider === 'anthropic')!.key).toMatch(/^not set: ANTHROPIC_API_KEY/);
    expect(view.client).toMatchObject({ timeout: '45s', retry: { maxRetries: '4' } });
    const text = await sandbox.run(['config'], { env: { GROQ_API_KEY: 'gsk_env_secret_abcdef123456' } });
    for (const out of [run.stdout + run.stderr, text.stdout + text.stderr]) {
      expect(out).not.toContain(openai.apiKey);
      expect(out).not.toContain('gsk_env_secret');
      expect(out).not.toContain('sk-header-secret');
    }
    expect(text.stdout).toMatch(/^openai\s+set \(config\)\s+http:\/\/127\.0\.0\.1:\d+\/v1 \(config\)$/m);
  });

  it('the config file is used: its default model through an alias, its key and base URL, its client settings', async () => {
    write(`model: fast\naliases:\n  fast: openai:gpt-4o\nproviders:\n  openai:\n    apiKey: ${openai.apiKey}\n    baseUrl: ${openai.baseUrl}\n`);
    openai.enqueue({ kind: 'text', text: 'From the config.' });
    const run = await sandbox.run(['Hi']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('From the config.\n');
    expect(openai.lastRequest().model).toBe('gpt-4o');
  });

  it('validate: exit 0 for a good file, exit 3 naming every problem of a bad one', async () => {
    write('model: openai:gpt-4o\naliases:\n  fast: groq:llama-3.1-8b-instant\nclient:\n  timeout: 30s\n');
    const good = await sandbox.run(['config', 'validate']);
    expect(good).toMatchObject({ code: 0, stdout: `${configFile}: valid\n` });
    write('model: acme:x\naliases:\n  bad: nope\nclient:\n  timeout: soon\n  apiKey: sk-in-the-wrong-place-123\n');
    const bad = await sandbox.run(['config', 'validate'], { env: { LLM_MAX_RETRIES: '-1' } });
    expect(bad.code).toBe(3);
    expect(bad.stderr.trim().split('\n')).toEqual([
      `llm: ${configFile}: client.apiKey: not a shared setting; keys, base URLs and models go under providers.NAME (and model:)`,
      `llm: ${configFile}: client: timeout: expected a duration such as 30s, 500ms or 2m, got "soon"`,
      expect.stringMatching(new RegExp(`^llm: ${configFile}: LLM_\\* variables: retry\\.maxRetries: `)),
      `llm: ${configFile}: model: unknown provider "acme" in "acme:x"`,
      `llm: ${configFile}: aliases.bad: unknown model "nope": give provider:model or an alias`,
      "llm: 5 problems (hint: the config file's fields are in the llm README)",
    ]);
    expect(bad.stderr).not.toContain('sk-in-the-wrong-place');
    write('providers:\n  openai: [1, 2\n');
    const broken = await sandbox.run(['config', 'validate']);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('is not valid YAML');
    write('');
  });
});
