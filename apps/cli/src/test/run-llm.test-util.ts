import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command, as a user runs it (`pnpm build` makes it; the package's test task builds first). */
export const LLM_BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

export interface LlmRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables on top of the sandbox's (HOME and XDG dirs in a temp folder, no vendor keys). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, then closed; without it stdin is /dev/null. */
  input?: string;
  timeoutMs?: number;
}

/** A temporary HOME with its own XDG dirs: every run in it sees only what the test put there. */
export interface Sandbox {
  home: string;
  env: Record<string, string>;
  run(args: readonly string[], options?: RunOptions): Promise<LlmRun>;
  remove(): void;
}

export function createSandbox(): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'llm-cli-test-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    LANG: 'C.UTF-8',
  };
  return {
    home,
    env,
    run: (args, options = {}) => runLlm(args, { ...options, env: { ...env, ...options.env } }),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** Runs the built `llm` with exactly this environment (nothing inherited but what is given). */
export function runLlm(args: readonly string[], options: RunOptions = {}): Promise<LlmRun> {
  const env = Object.fromEntries(Object.entries(options.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LLM_BIN, ...args], { env, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`llm ${args.join(' ')} did not end within ${options.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}
