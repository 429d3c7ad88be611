/**
 * `pnpm bench`: runs every registered case (or those named with --only=a,b) against fake
 * servers in a child process, and prints client-process CPU per request/chunk with ratios.
 * `--quick` is a smoke run with few iterations. Exits 0 even when a target is missed.
 */
import os from 'node:os';
import type { BenchCase, BenchContext } from './bench-case.js';
import { cliStartupCase } from './cli-startup.bench-case.js';
import { gatewayCase } from './gateway.bench-case.js';
import { importTimeCase } from './import-time.bench-case.js';
import { keepAliveCase } from './keep-alive.bench-case.js';
import { openAIChatCase } from './openai-chat.bench-case.js';
import { openAIOverheadCase } from './openai-overhead.bench-case.js';
import { startFakeServersProcess } from './fake-server-process.js';
import { telemetryCase } from './telemetry.bench-case.js';
import { analyticsCase } from './analytics.bench-case.js';
import { telemetryMiddlewareCase } from './telemetry-middleware.bench-case.js';
import { tokenizerCase } from './tokenizer.bench-case.js';
import { vendorStreamsCase } from './vendor-streams.bench-case.js';

/** Every case, in run order. A new case is one `<name>.bench-case.ts` file plus a line here. */
const CASES: BenchCase[] = [
  importTimeCase,
  vendorStreamsCase,
  openAIChatCase,
  openAIOverheadCase,
  keepAliveCase,
  telemetryCase,
  telemetryMiddlewareCase,
  analyticsCase,
  tokenizerCase,
  gatewayCase,
  cliStartupCase,
];

function parseArgs(argv: string[]): { quick: boolean; verbose: boolean; only: string[] | undefined } {
  const quick = argv.includes('--quick');
  const verbose = argv.includes('--verbose');
  const onlyArg = argv.find((a) => a.startsWith('--only='));
  return { quick, verbose, only: onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : undefined };
}

async function main(): Promise<void> {
  const { quick, verbose, only } = parseArgs(process.argv.slice(2));
  const unknown = only?.filter((name) => !CASES.some((c) => c.name === name)) ?? [];
  if (unknown.length) {
    console.error(`unknown case(s): ${unknown.join(', ')}; known: ${CASES.map((c) => c.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = only ? CASES.filter((c) => only.includes(c.name)) : CASES;
  const log = (line = '') => console.log(line);
  const gc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  log(`@llm/bench  ${new Date().toISOString()}  node ${process.version}  ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}`.trimEnd());
  log(`CPU = process.cpuUsage() (user + system) of this client process; the fake servers run in a child process.${gc ? '' : '  (run with --expose-gc for steadier numbers)'}`);
  if (quick) log('--quick: few iterations, numbers are noisy.');
  const servers = await startFakeServersProcess();
  const ctx: BenchContext = { servers, quick, verbose, log };
  try {
    for (const c of selected) {
      log();
      log(`== ${c.name}: ${c.title}`);
      const started = Date.now();
      try {
        await c.run(ctx);
      } catch (err) {
        // One broken case does not hide the others' numbers; the run still fails at the end.
        console.error(`case ${c.name} failed:`, err);
        process.exitCode = 1;
      }
      log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await servers.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
