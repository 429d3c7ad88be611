import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './test/run-llm.test-util.js';

/**
 * What `llm --version` and `llm --help` load, read from the child process itself: a module hook
 * (`module.register`, given with NODE_OPTIONS=--import) appends every URL the process resolves to
 * a file. Start-up time is measured by the `cli-startup` benchmark, never here; this test keeps
 * what makes start-up slow out of the start-up path.
 */
const HEAVY: ReadonlyArray<[string, RegExp]> = [
  ['a provider', /\/(?:packages|@llm)\/(?:openai|anthropic|google|groq|openrouter)\/|\/node_modules\/(?:openai|@anthropic-ai|@google\/genai)\//],
  ['the mocks', /\/(?:packages|@llm)\/mocks\//],
  ['zod', /\/node_modules\/zod\//],
  ['OpenTelemetry', /\/node_modules\/@opentelemetry\//],
  ['the catalog', /\/(?:packages|@llm)\/catalog\//],
  ['the client stack', /\/(?:packages|@llm)\/(?:core|analytics|recommend)\//],
  ['the SQLite driver', /\/node_modules\/(?:libsql|@libsql)\//],
  ['the YAML parser', /\/node_modules\/yaml\//],
];

let dir: string;
let sandbox: Sandbox;
let hookEnv: (log: string) => Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-startup-'));
  sandbox = createSandbox();
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.LLM_TEST_MODULE_LOG, result.url + '\\n');
  return result;
}
`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  hookEnv = (log) => ({ NODE_OPTIONS: `--import=${pathToFileURL(register).href}`, LLM_TEST_MODULE_LOG: log });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  sandbox.remove();
});

async function loadedBy(name: string, args: string[]): Promise<string[]> {
  const log = join(dir, `${name}.log`);
  writeFileSync(log, '');
  const run = await sandbox.run(args, { env: hookEnv(log) });
  expect(run.code, run.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const heavyIn = (urls: readonly string[]) => HEAVY.flatMap(([what, pattern]) => urls.filter((u) => pattern.test(u)).map((u) => `${what}: ${u}`));

describe('start-up', () => {
  it('llm --version and llm --help load commander and the program definition, none of the heavy modules', async () => {
    for (const args of [['--version'], ['--help']]) {
      const urls = await loadedBy(args[0]!.slice(2), args);
      // The hook saw the program load (so an empty list cannot pass for a light one).
      expect(urls.some((u) => u.endsWith('/dist/program.js'))).toBe(true);
      expect(urls.some((u) => /\/node_modules\/commander\//.test(u))).toBe(true);
      expect(heavyIn(urls)).toEqual([]);
    }
  });

  it('the hook does see heavy modules where a command loads them (llm models loads the catalog)', async () => {
    const urls = await loadedBy('models', ['models', '--json']);
    expect(heavyIn(urls).some((line) => line.startsWith('the catalog: '))).toBe(true);
  });
});
