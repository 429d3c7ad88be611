#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { hashApiKey } from '@llm/core';
import { isLLMError } from '@llm/errors';
import { loadGatewayConfig } from './config/gateway-config-load.js';
import { startGateway } from './gateway.js';
import { GATEWAY_VERSION } from './version.js';

const HELP = `llm-gateway ${GATEWAY_VERSION}: an OpenAI- and Anthropic-compatible gateway

Usage:
  llm-gateway [--config FILE] [--host HOST] [--port PORT]   start (no --config: every vendor whose key is in the environment)
  llm-gateway check --config FILE                            check a configuration and exit
  llm-gateway hash-key KEY                                   print the hash to put in the config's keys (KEY from stdin when absent)

Options:
  -c, --config FILE   YAML configuration (see docs/gateway.md)
      --host HOST     address to listen on (default 127.0.0.1)
  -p, --port PORT     port (default 8080; 0 picks a free one)
  -h, --help          this text
  -v, --version       the version
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`llm-gateway: ${message}\n`);
  process.exit(code);
}

function describe(err: unknown): string {
  if (isLLMError(err) && err.code === 'configuration' && Array.isArray(err.details?.fields)) {
    const head = err.message.slice(0, err.message.indexOf(':'));
    return `${head}:\n${(err.details.fields as string[]).map((f) => `  - ${f}`).join('\n')}`;
  }
  return err instanceof Error ? err.message : String(err);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        config: { type: 'string', short: 'c' },
        host: { type: 'string' },
        port: { type: 'string', short: 'p' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n\n${HELP}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version) {
    process.stdout.write(`${GATEWAY_VERSION}\n`);
    return;
  }
  const command = positionals[0];
  if (command === 'hash-key') {
    const key = positionals[1] ?? readFileSync(0, 'utf8').trim();
    if (key.length < 16) fail('keys are at least 16 characters');
    process.stdout.write(`${hashApiKey(key)}\n`);
    return;
  }
  if (command !== undefined && command !== 'check') fail(`unknown command "${command}"\n\n${HELP}`);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number (0-65535), got "${values.port}"`);
  }
  let config;
  try {
    config = loadGatewayConfig({ file: values.config, host: values.host, port });
  } catch (err) {
    fail(describe(err));
  }
  if (command === 'check') {
    process.stdout.write(`${config.source}: valid (providers: ${Object.keys(config.upstreams).join(', ')}; models: ${Object.keys(config.models ?? {}).length}; keys: ${config.keyRecords.length})\n`);
    return;
  }
  let gateway;
  try {
    gateway = await startGateway({ config });
  } catch (err) {
    fail(describe(err), 1);
  }
  const providers = Object.keys(config.upstreams).join(', ');
  process.stdout.write(`llm-gateway listening on ${gateway.url} (providers: ${providers}; client keys ${config.authRequired ? 'required' : 'not required: loopback only'})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`llm-gateway: ${signal}, finishing calls in flight\n`);
    void gateway.close().then(
      () => process.exit(0),
      (err: unknown) => fail(describe(err), 1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
