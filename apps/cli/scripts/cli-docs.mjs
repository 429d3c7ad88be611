#!/usr/bin/env node
/**
 * Writes docs/cli.md from real runs of the built `llm` (dist/bin.js) in a temporary HOME, against the
 * built-in mock and the fake vendor servers of @llm/mocks: every example's output is what the
 * command printed (stdout and stderr in the order written). `src/cli-docs.test.ts` runs it again
 * and checks the committed page is current (timings and ids masked).
 *
 *   pnpm --filter @llm/cli docs
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOC_SECTIONS } from './cli-docs-sections.mjs';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const GATEWAY_BIN = fileURLToPath(new URL('../../gateway/dist/bin.js', import.meta.url));
export const DOC_PATH = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));

/**
 * Runs `llm args` in the page's HOME (relative file names are there) with stdout and stderr on ONE
 * pipe (`2>&1` in a shell), so the page shows them in the order the command wrote them, as a terminal
 * does. (Two pipes read by this process would not keep that order: when both have data at once,
 * either may be read first.)
 */
function run(args, env, input) {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'exec "$@" 2>&1', 'sh', process.execPath, BIN, ...args], { env, cwd: env.HOME, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    if (input !== undefined) child.stdin.end(input);
  });
}

function shellQuote(arg) {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The whole page, from fresh runs. */
export async function renderCliDocs() {
  const home = mkdtempSync(join(tmpdir(), 'llm-cli-docs-'));
  // No XDG_* variables: the files go where they go for most users (~/.config, ~/.local/...).
  const env = { PATH: process.env.PATH ?? '', HOME: home, LANG: 'C.UTF-8' };
  const mocks = await import('@llm/mocks');
  const servers = {};
  const state = {};
  const stops = [];
  /** Starts the built llm-gateway with this environment; its URL goes to `state.gatewayUrl`. */
  const gateway = async (gatewayEnv) => {
    const child = spawn(process.execPath, [GATEWAY_BIN, '--host', '127.0.0.1', '--port', '0'], { env: { PATH: env.PATH, ...gatewayEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    stops.push(() => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))));
    state.gatewayUrl = await new Promise((resolve, reject) => {
      let out = '';
      const onData = (d) => {
        out += d;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]);
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`llm-gateway exited with ${code}: ${out}`)));
    });
  };
  try {
    let page = '';
    for (const section of DOC_SECTIONS) {
      page += section.text;
      for (const example of section.examples ?? []) {
        if (example.setup) await example.setup({ home, mocks, servers, gateway, run: (args, extra) => run(args, { ...env, ...extra }) });
        const extraEnv = typeof example.env === 'function' ? example.env(servers) : example.env ?? {};
        // Examples about a session name the newest one.
        const latest = async () => JSON.parse((await run(['sessions', 'list', '--json'], env)).output)[0]?.id;
        const args = typeof example.args === 'function' ? example.args(await latest(), state) : example.args;
        const { code, output } = await run(args, { ...env, ...extraEnv }, example.input);
        const shown = example.show ?? `llm ${args.map(shellQuote).join(' ')}`;
        const prefix = example.input === undefined ? '' : `${example.inputShown ?? `echo ${shellQuote(example.input.trim())}`} | `;
        const envShown = example.envShown ? `${example.envShown} ` : '';
        const printed = output.split(home).join('~').replace(/\n?$/, '\n');
        page += `\n\`\`\`console\n$ ${envShown}${prefix}${shown}\n${printed}${code === 0 ? '' : `[exit ${code}]\n`}\`\`\`\n`;
        if (example.after) page += example.after;
      }
    }
    return page;
  } finally {
    await Promise.all(stops.map((stop) => stop()));
    await Promise.all(Object.values(servers).map((s) => s.close()));
    rmSync(home, { recursive: true, force: true });
  }
}

/** What may differ between two runs: timings, ids, dates, ports. */
export function maskVolatile(text) {
  return text
    // The unit too: a timing near a second is `980 ms` in one run and `1.02 s` in the next. A whole word
    // only: a random session id may end in `1s`.
    .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, 'TIME')
    // Columns widen with longer timings.
    .replace(/ {2,}/g, '  ')
    .replace(/"(totalMs|firstTokenMs|latencyMs)":\d+/g, '"$1":N')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?Z?)?/g, 'DATE')
    // Days and months alone (llm cost's periods): the day the page is made.
    .replace(/\b\d{4}-\d{2}(-\d{2})?\b/g, 'DATE')
    .replace(/"(id|requestId|session)":"[^"]+"/g, '"$1":"ID"')
    .replace(/"created":\d+/g, '"created":N')
    .replace(/(session |--session |show |rm |^)[a-z0-9]{10}\b/gm, '$1SESSION');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DOC_PATH, await renderCliDocs());
  console.error(`wrote ${DOC_PATH}`);
}
