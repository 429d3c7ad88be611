import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built gateway (apps/gateway), run as its users run it. */
const GATEWAY_BIN = fileURLToPath(new URL('../../../gateway/dist/bin.js', import.meta.url));

export interface RunningGateway {
  /** `http://127.0.0.1:PORT` */
  url: string;
  stop(): Promise<void>;
}

/** Starts `llm-gateway` on a free port of 127.0.0.1 with exactly `env` (and `config` as its YAML file), once it says it listens. */
export async function startGateway(env: Record<string, string>, config?: string): Promise<RunningGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cli-gateway-'));
  const args = [GATEWAY_BIN, '--host', '127.0.0.1', '--port', '0'];
  if (config !== undefined) {
    writeFileSync(join(dir, 'gateway.yaml'), config);
    args.push('--config', join(dir, 'gateway.yaml'));
  }
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`llm-gateway did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`llm-gateway exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
