import type { BenchCase, BenchContext } from './bench-case.js';
import { median } from './cpu.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';
import { callPath, firstChunkCall, interleaveCalls, jsonCall, streamCall, type CallPath } from './proxy-calls.js';
import { startBareProxy, startLlmGateway, startPortkey, type ProxyProcess } from './proxy-process.js';
import { canReadProcesses, processCpuMicros, processMemory } from './process-usage.js';
import { fixed, formatTable } from './table.js';

/**
 * Portkey's numbers that the gateway issue quotes (Portkey 1.15, Node, on this machine), used as the
 * reference when Portkey is not run side by side: CPU per request and per streamed chunk.
 */
const PORTKEY_REFERENCE = { cpuPerRequest: 2000, cpuPerChunk: 22 };

/** The goals of the gateway issue (budgets, limits and telemetry on). */
const GOALS = { addedP50Ms: 1, addedFirstChunkMs: 2, cpuPerRequestVsPortkey: 1, cpuPerChunkVsPortkey: 0.7, peakMb: 150 };

const CONCURRENT_STREAMS = 200;

interface Upstream {
  baseUrl: string;
  apiKey: string;
}

/** Per path name: the p50 wall time in ms, and the proxy process's CPU µs per call (none for the direct path). */
type PathResults = Map<string, { p50Ms: number; cpuPerCall?: number }>;

/**
 * Calls per path. Each path's process is fresh in every scenario, so the warm-ups bring it to the
 * steady state of a gateway that has served many calls: measured inside the gateway
 * (gateway-request-window.mjs), its work before the upstream request falls by about a third over
 * its first 1,500 calls as V8 optimizes the request path, and Node's own HTTP server code with it.
 * The paced scenario warms with streams left at their first chunk (a whole one takes 200 ms).
 */
function counts(quick: boolean) {
  return quick
    ? { json: { warmup: 20, rounds: 3, perBlock: 10 }, stream: { warmup: 3, rounds: 3, perBlock: 3 }, paced: { warmup: 2, rounds: 3, perBlock: 2 } }
    : { json: { warmup: 3000, rounds: 20, perBlock: 25 }, stream: { warmup: 200, rounds: 10, perBlock: 5 }, paced: { warmup: 2000, rounds: 20, perBlock: 3 } };
}

const DIRECT = 'direct';
const LLM_GATEWAY = 'llm-gateway';
const PORTKEY = 'Portkey';
/** The floor: a pass-through proxy with nothing but Node's HTTP on both sides (bare-proxy-child.ts). */
const BARE = 'bare node:http proxy';

/** Starts the proxies in front of `upstream`, measures each path's wall time and each proxy's CPU over the measured calls, stops them. */
async function measure(
  ctx: BenchContext,
  upstream: Upstream,
  portkeyBin: string | undefined,
  call: (path: CallPath) => Promise<number>,
  c: { warmup: number; rounds: number; perBlock: number },
  warm: (path: CallPath) => Promise<unknown> = call,
): Promise<PathResults> {
  const proxies = [await startLlmGateway(upstream), await startBareProxy(upstream), ...(portkeyBin ? [await startPortkey(portkeyBin, upstream)] : [])];
  try {
    const candidates: Array<{ path: CallPath; proxy?: ProxyProcess }> = [
      { path: callPath(DIRECT, upstream, 'gpt-4o-mini') },
      { path: callPath(LLM_GATEWAY, proxies[0]!, 'openai:gpt-4o-mini'), proxy: proxies[0]! },
      { path: callPath(BARE, proxies[1]!, 'gpt-4o-mini'), proxy: proxies[1]! },
      ...(proxies[2] ? [{ path: callPath(PORTKEY, proxies[2], 'gpt-4o-mini'), proxy: proxies[2] }] : []),
    ];
    const measured: typeof candidates = [];
    for (const candidate of candidates) {
      try {
        await call(candidate.path);
        measured.push(candidate);
      } catch (err) {
        // Ours must work; another gateway that fails a scenario is left out of it, saying why.
        if (candidate.path.name !== PORTKEY) throw err;
        const lastLines = candidate.proxy!.stderr().trim().split('\n').slice(-3).join(' | ');
        ctx.log(`  ${PORTKEY} left out of this scenario: ${err instanceof Error ? err.message : String(err)} (its stderr: ${lastLines.slice(0, 400)})`);
      }
    }
    const paths = measured.map((m) => m.path);
    // Warmed in turns, as they are measured: a process left idle while the others warm (a minute, for
    // Portkey's paced streams) is partly cold again when its turn comes (V8 ages out code it has not run).
    for (let done = 0; done < c.warmup; done += c.perBlock) {
      for (const path of paths) for (let i = 0; i < Math.min(c.perBlock, c.warmup - done); i++) await warm(path);
    }
    const cpuBefore = measured.map((m) => (m.proxy ? processCpuMicros(m.proxy.pid) : 0));
    const values = await interleaveCalls(paths, call, { ...c, warmup: 0 });
    const calls = c.rounds * c.perBlock;
    return new Map(measured.map((m, i) => [m.path.name, { p50Ms: median(values[i]!), ...(m.proxy ? { cpuPerCall: (processCpuMicros(m.proxy.pid) - cpuBefore[i]!) / calls } : {}) }]));
  } catch (err) {
    for (const p of proxies) ctx.log(`  ${p.name} stderr (last lines):\n${p.stderr().split('\n').slice(-8).join('\n')}`);
    throw err;
  } finally {
    await Promise.all(proxies.map((p) => p.stop()));
  }
}

/** Peak resident memory of each proxy while it carries 200 slow streams at once; each freshly started, one at a time. */
async function peakMemory(ctx: BenchContext, upstream: Upstream, portkeyBin: string | undefined): Promise<Array<{ name: string; idleMb: number; peakMb: number; failed: number }>> {
  const results = [];
  const starts: Array<[string, string, () => Promise<ProxyProcess>]> = [[LLM_GATEWAY, 'openai:gpt-4o-mini', () => startLlmGateway(upstream)]];
  if (portkeyBin) starts.push([PORTKEY, 'gpt-4o-mini', () => startPortkey(portkeyBin, upstream)]);
  for (const [name, model, start] of starts) {
    const proxy = await start();
    try {
      const path = callPath(name, proxy, model);
      const first = await streamCall(path).then(
        () => undefined,
        (err: unknown) => err,
      );
      if (first !== undefined) {
        if (name !== PORTKEY) throw first;
        ctx.log(`  ${PORTKEY} left out of the memory check: ${first instanceof Error ? first.message : String(first)}`);
        continue;
      }
      const idleMb = processMemory(proxy.pid).rss / 2 ** 20;
      const outcomes = await Promise.allSettled(Array.from({ length: CONCURRENT_STREAMS }, () => streamCall(path)));
      const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failures.length > 0) ctx.log(`  ${name}: ${failures.length} of ${CONCURRENT_STREAMS} streams failed, e.g. ${String(failures[0]!.reason)}`);
      results.push({ name, idleMb, peakMb: processMemory(proxy.pid).peakRss / 2 ** 20, failed: failures.length });
    } finally {
      await proxy.stop();
    }
  }
  return results;
}

const pass = (ok: boolean, goal: string) => `${ok ? 'PASS' : 'FAIL'} (${goal})`;
const cell = (value: number | undefined, digits: number) => (value === undefined ? '-' : fixed(value, digits));

/** llm-gateway against a direct call and (when installed) Portkey's gateway, through the same fake upstream. */
export const gatewayCase: BenchCase = {
  name: 'gateway',
  title: 'llm-gateway (key budget, limits, metrics on) vs a direct call and Portkey’s gateway: added latency, first chunk, gateway CPU, memory',
  async run(ctx) {
    if (!canReadProcesses()) throw new Error('the gateway case reads other processes’ CPU and memory from /proc (Linux only)');
    const portkeyBin = process.env.PORTKEY_GATEWAY || undefined;
    const c = counts(ctx.quick);
    const upstream = (baseUrl: string): Upstream => ({ baseUrl, apiKey: ctx.servers.apiKey });

    const json = await measure(ctx, upstream(ctx.servers.jsonBaseUrl), portkeyBin, jsonCall, c.json);
    const burst = await measure(ctx, upstream(ctx.servers.streamBaseUrl), portkeyBin, async (p) => (await streamCall(p)).totalMs, c.stream);
    // Warmed with streams left at their first chunk (a whole paced stream takes 200 ms): the request
    // path up to the first chunk is what this scenario times, and what the warm-up has to bring to
    // the steady state of a process that has served many calls.
    const paced = await measure(ctx, upstream(ctx.servers.pacedStreamBaseUrl), portkeyBin, async (p) => (await streamCall(p)).firstChunkMs, c.paced, firstChunkCall);
    const memory = await peakMemory(ctx, upstream(ctx.servers.slowStreamBaseUrl), portkeyBin);

    ctx.log(
      `Sequential calls (concurrency 1) with the official openai SDK: ${c.json.rounds * c.json.perBlock} requests, ${c.stream.rounds * c.stream.perBlock} 200-chunk streams and ` +
        `${c.paced.rounds * c.paced.perBlock} paced ones (1 ms per chunk) per path, interleaved, after ${c.json.warmup}, ${c.stream.warmup} and ${c.paced.warmup} warm-up calls ` +
        `(the paced ones left at their first chunk); medians. Gateway CPU: /proc/PID/stat of its process over the measured calls. ` +
        `${BARE}: Node's HTTP server and agent piping each call through and nothing else, the floor under any Node gateway's figures.`,
    );
    if (!portkeyBin) ctx.log('Portkey not run (PORTKEY_GATEWAY unset; see bench/README.md): the CPU goals use the issue’s reference numbers for it.');
    const names = [DIRECT, LLM_GATEWAY, ...(portkeyBin ? [PORTKEY] : []), BARE];
    const added = (results: PathResults, name: string) => (name === DIRECT || !results.has(name) ? '' : fixed(results.get(name)!.p50Ms - results.get(DIRECT)!.p50Ms, 2));
    const p50 = (results: PathResults, name: string, digits = 2) => cell(results.get(name)?.p50Ms, digits);
    ctx.log(
      formatTable([
        ['path', 'p50 ms/request', 'added', 'p50 ms to 1st chunk', 'added', 'p50 ms/200-chunk stream'],
        ...names.map((n) => [n, p50(json, n), added(json, n), p50(paced, n), added(paced, n), p50(burst, n, 1)]),
      ]),
    );
    ctx.log();
    const perChunk = (name: string) => {
      const v = burst.get(name)?.cpuPerCall;
      return v === undefined ? undefined : v / STREAM_CHUNKS;
    };
    ctx.log(formatTable([['gateway process', 'CPU µs/request', 'CPU µs/chunk (stream / 200)'], ...names.slice(1).map((n) => [n, cell(json.get(n)?.cpuPerCall, 0), cell(perChunk(n), 1)])]));
    ctx.log();
    ctx.log(formatTable([['gateway process', 'RSS idle MB', `peak RSS MB, ${CONCURRENT_STREAMS} streams at once`, 'failed streams'], ...memory.map((m) => [m.name, fixed(m.idleMb, 0), fixed(m.peakMb, 0), String(m.failed)])]));

    const pkRequest = json.get(PORTKEY)?.cpuPerCall;
    const pkChunk = perChunk(PORTKEY);
    const gw = {
      addedP50: json.get(LLM_GATEWAY)!.p50Ms - json.get(DIRECT)!.p50Ms,
      addedFirst: paced.get(LLM_GATEWAY)!.p50Ms - paced.get(DIRECT)!.p50Ms,
      cpuRequest: json.get(LLM_GATEWAY)!.cpuPerCall!,
      cpuChunk: perChunk(LLM_GATEWAY)!,
      memory: memory.find((m) => m.name === LLM_GATEWAY)!,
    };
    const request = pkRequest ?? PORTKEY_REFERENCE.cpuPerRequest;
    const chunk = pkChunk ?? PORTKEY_REFERENCE.cpuPerChunk;
    ctx.log();
    ctx.log('llm-gateway against the issue’s goals:');
    ctx.log(`  added p50 per request     ${fixed(gw.addedP50, 2)} ms  ${pass(gw.addedP50 <= GOALS.addedP50Ms, `<= ${GOALS.addedP50Ms} ms`)}`);
    ctx.log(`  added p50 to first chunk  ${fixed(gw.addedFirst, 2)} ms  ${pass(gw.addedFirst <= GOALS.addedFirstChunkMs, `<= ${GOALS.addedFirstChunkMs} ms`)}`);
    ctx.log(`  CPU per request           ${fixed(gw.cpuRequest, 0)} µs  ${pass(gw.cpuRequest <= request * GOALS.cpuPerRequestVsPortkey, `<= Portkey's ${fixed(request, 0)} µs${pkRequest === undefined ? ', reference' : ''}`)}`);
    ctx.log(`  CPU per chunk             ${fixed(gw.cpuChunk, 1)} µs  ${pass(gw.cpuChunk <= chunk * GOALS.cpuPerChunkVsPortkey, `<= 0.7 x Portkey's ${fixed(chunk, 1)} µs${pkChunk === undefined ? ', reference' : ''}`)}`);
    ctx.log(`  peak RSS, ${CONCURRENT_STREAMS} streams     ${fixed(gw.memory.peakMb, 0)} MB  ${pass(gw.memory.peakMb < GOALS.peakMb && gw.memory.failed === 0, `< ${GOALS.peakMb} MB, none failed`)}`);
    // The latency goals are absolute: how much of them the extra hop itself takes on this machine.
    const floorRequest = json.get(BARE)!.p50Ms - json.get(DIRECT)!.p50Ms;
    const floorFirst = paced.get(BARE)!.p50Ms - paced.get(DIRECT)!.p50Ms;
    ctx.log(
      `  the extra hop alone (${BARE}) adds ${fixed(floorRequest, 2)} ms per request and ${fixed(floorFirst, 2)} ms to the first chunk here; ` +
        `llm-gateway's own share beyond it: ${fixed(gw.addedP50 - floorRequest, 2)} ms and ${fixed(gw.addedFirst - floorFirst, 2)} ms`,
    );
  },
};
