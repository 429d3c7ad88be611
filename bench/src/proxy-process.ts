import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A gateway running in a process of its own, in front of one fake upstream. */
export interface ProxyProcess {
  name: string;
  pid: number;
  /** What the openai SDK takes as its base URL. */
  baseUrl: string;
  apiKey: string;
  headers: Record<string, string>;
  /** Its stderr so far (kept in a file: nothing is lost, nothing blocks). */
  stderr(): string;
  stop(): Promise<void>;
}

/** The client key the benchmark's llm-gateway issues (budget, limits). */
const CLIENT_KEY = 'llm_bench_client_key_0123456789abcdef';

/** The built llm-gateway's bin (`@llm/gateway` is a workspace dependency of the bench: built before it). */
function gatewayBin(): string {
  return fileURLToPath(new URL('./bin.js', import.meta.resolve('@llm/gateway')));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function launch(args: string[], env: Record<string, string>): { child: ChildProcess; dir: string; stderr: () => string; exited: Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-proxy-'));
  const errFile = join(dir, 'stderr.log');
  const fd = openSync(errFile, 'w');
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, stdio: ['ignore', 'pipe', fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, dir, exited, stderr: () => readFileSync(errFile, 'utf8') };
}

function waitFor(child: ChildProcess, pattern: RegExp, what: string, stderr: () => string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start within 60 s`)), 60_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(new Error(`${err.message}; stdout: ${out.slice(-500)} stderr: ${stderr().slice(-2000)}`));
    };
    child.once('exit', (code) => fail(new Error(`${what} exited (code ${code})`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
  });
}

function stopper(child: ChildProcess, exited: Promise<void>, dir: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

/** The gateway's config in the benchmark's shape (the key, budget, limits and metrics below), with `key` as the client key. */
export function llmGatewayBenchConfig(upstream: { baseUrl: string; apiKey: string }, key = CLIENT_KEY): string {
  return `
server: { host: 127.0.0.1, port: 0, logLevel: info }
providers:
  openai: { apiKey: '${upstream.apiKey}', baseUrl: '${upstream.baseUrl}' }
keys:
  - id: bench
    key: ${key}
    budget: { usd: 1000000, period: month }
    limits: { requestsPerMinute: 10000000, tokensPerMinute: 10000000000, maxConcurrent: 10000 }
telemetry: { metrics: true }
`;
}

/**
 * llm-gateway as a production deployment runs it: a client key with a budget and rate, token and
 * concurrency limits (set high enough never to refuse the benchmark), metrics on, the access log
 * at `info` (written to a file). `nodeArgs` go before the gateway's script (a `--import` preload,
 * as the bench's stamping scripts use), `env` into its environment.
 */
export async function startLlmGateway(upstream: { baseUrl: string; apiKey: string }, options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<ProxyProcess> {
  const config = llmGatewayBenchConfig(upstream);
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-gateway-config-'));
  const file = join(dir, 'gateway.yaml');
  writeFileSync(file, config);
  const run = launch([...(options.nodeArgs ?? []), gatewayBin(), '--config', file], options.env ?? {});
  const [, url] = await waitFor(run.child, /listening on (http:\/\/\S+)/, 'llm-gateway', run.stderr);
  const stop = stopper(run.child, run.exited, run.dir);
  return {
    name: 'llm-gateway',
    pid: run.child.pid!,
    baseUrl: `${url}/v1`,
    apiKey: CLIENT_KEY,
    headers: {},
    stderr: run.stderr,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Portkey's open-source gateway (`@portkey-ai/gateway`, Node build), when `PORTKEY_GATEWAY` names
 * its `build/start-server.js`: it forwards to the fake upstream named in `x-portkey-custom-host`.
 */
export async function startPortkey(startServer: string, upstream: { baseUrl: string; apiKey: string }): Promise<ProxyProcess> {
  const port = await freePort();
  // Its streams fail on Node without the fix this preload applies (see portkey-stream-fix.ts).
  const fix = fileURLToPath(new URL('./portkey-stream-fix.js', import.meta.url));
  const run = launch(['--import', fix, startServer, `--port=${port}`, '--headless'], { NODE_ENV: 'production' });
  await waitFor(run.child, /Ready for connections/, 'Portkey gateway', run.stderr);
  return {
    name: 'Portkey gateway',
    pid: run.child.pid!,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    apiKey: upstream.apiKey,
    headers: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstream.baseUrl },
    stderr: run.stderr,
    stop: stopper(run.child, run.exited, run.dir),
  };
}

/**
 * A bare `node:http` pass-through proxy (see bare-proxy-child.ts) in front of the upstream: what any
 * Node gateway adds at the least on this machine, the floor under the gateways' added latency.
 */
export async function startBareProxy(upstream: { baseUrl: string; apiKey: string }): Promise<ProxyProcess> {
  const child = fileURLToPath(new URL('./bare-proxy-child.js', import.meta.url));
  const run = launch([child, upstream.baseUrl, upstream.apiKey], {});
  const [, url] = await waitFor(run.child, /listening on (http:\/\/\S+)/, 'bare node:http proxy', run.stderr);
  return {
    name: 'bare node:http proxy',
    pid: run.child.pid!,
    baseUrl: `${url}/v1`,
    apiKey: 'unused-by-the-bare-proxy',
    headers: {},
    stderr: run.stderr,
    stop: stopper(run.child, run.exited, run.dir),
  };
}
