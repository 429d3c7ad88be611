import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built gateway, run as a user runs it: `node dist/bin.js`. */
export const GATEWAY_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface GatewayProcess {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly child: ChildProcess;
  /** Every line it wrote to stderr so far (JSON log lines and messages). */
  readonly stderr: string[];
  /** The access-log lines (`"msg":"request"`) parsed. */
  accessLog(): Array<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /** YAML text for `--config` (written to a temporary file). */
  config?: string;
  env?: Record<string, string | undefined>;
  args?: string[];
}

/** Environment variables of the vendors, cleared so that the machine's own keys never leak into a test. */
const VENDOR_ENV = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GEMINI_BASE_URL', 'GROQ_API_KEY', 'GROQ_BASE_URL', 'OPENROUTER_API_KEY', 'OPENROUTER_BASE_URL'];

export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !VENDOR_ENV.includes(k) && !k.startsWith('LLM_')) env[k] = v;
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

/** Runs the gateway on a free port of 127.0.0.1 and waits for its "listening on" line. */
export async function startGatewayProcess(options: StartOptions = {}): Promise<GatewayProcess> {
  if (!existsSync(GATEWAY_BIN)) throw new Error(`${GATEWAY_BIN} is missing: build the gateway first (pnpm build)`);
  const dir = mkdtempSync(join(tmpdir(), 'llm-gateway-test-'));
  const args = [GATEWAY_BIN, '--port', '0', ...(options.args ?? [])];
  if (options.config !== undefined) {
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, options.config);
    args.push('--config', file);
  }
  const child = spawn(process.execPath, args, { env: cleanEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  let partial = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop()!;
    stderr.push(...lines);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within 90 s; stderr:\n${stderr.join('\n')}${partial}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited with ${code} before listening; stderr:\n${stderr.join('\n')}${partial}`));
    });
  });
  return {
    url,
    child,
    stderr,
    accessLog: () =>
      stderr
        .filter((l) => l.includes('"msg":"request"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs the gateway's command line to completion (`check`, `hash-key`, a refused config). */
export function runGatewayCommand(args: string[], options: { env?: Record<string, string | undefined>; config?: string; input?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-gateway-test-'));
  const full = [GATEWAY_BIN, ...args];
  if (options.config !== undefined) {
    const file = join(dir, 'gateway.yaml');
    writeFileSync(file, options.config);
    full.push('--config', file);
  }
  const child = spawn(process.execPath, full, { env: cleanEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

/** Waits until `check` holds, polling every 20 ms, for at most `ms` (generous: the machine may be loaded). */
export async function eventually(check: () => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('the condition did not hold in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Calls `read` every 20 ms until `done` holds of its value (or `ms` pass), and returns the last value. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}
