import os from 'node:os';
import type { BenchCase, BenchContext } from './bench-case.js';
import { startContenderProcess } from './contender-process.js';
import { interleaveRunners, median, type ContenderResult, type InterleaveOptions } from './cpu.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';
import { fixed, formatTable } from './table.js';
import { VENDORS, type VendorName, type VendorPath } from './vendor-call.js';
import { SDK_NAMES } from './vendor-paths.js';
import { startVendorServersProcess, type VendorServers } from './vendor-servers-process.js';
import { pairedRatio } from './verdict.js';

/** Issue 14's goals for our path against the vendor's SDK. */
export const VENDOR_TARGETS = { perRequest: 1.05, perChunk: 1.0, perChunkVsFetch: 1.3, firstChunkMs: 0.3 };

/** `BENCH_OURS_FETCH=1` adds ours on Node's fetch (`transport: 'fetch'`): the transport's share, side by side. */
const PATHS: VendorPath[] = process.env.BENCH_OURS_FETCH === '1' ? ['fetch', 'sdk', 'ours', 'ours-fetch'] : ['fetch', 'sdk', 'ours'];

/**
 * A warm-up for the JIT to settle, then 12 interleaved rounds. Every block starts with a full
 * collection (so one block's garbage is not billed to the next), and V8 pays for a while after one
 * (optimized code and hidden classes of dead objects thrown away, a shrunk young generation, the
 * sweeper): blocks are long enough (~100-200 ms of CPU: 100 requests, 25 streams of 200 chunks) that
 * this recovery is spread as thinly as in a process that runs for hours, not over a handful of calls.
 */
function counts(quick: boolean): { json: InterleaveOptions; stream: InterleaveOptions } {
  return quick
    ? { json: { warmup: 50, rounds: 3, perBlock: 20 }, stream: { warmup: 5, rounds: 3, perBlock: 3 } }
    : { json: { warmup: 1000, warmupTogether: true, rounds: 12, perBlock: 100 }, stream: { warmup: 500, warmupTogether: true, rounds: 12, perBlock: 25 } };
}

function label(vendor: VendorName, path: VendorPath): string {
  if (path === 'fetch') return `${vendor}: raw fetch`;
  if (path === 'sdk') return `${vendor}: ${SDK_NAMES[vendor]} SDK`;
  if (path === 'ours-fetch') return `${vendor}: @llm/${vendor} on fetch`;
  return `${vendor}: @llm/${vendor} default stack`;
}

const HEADER = ['path', 'µs/request', '/SDK', 'µs/chunk', '/fetch', '/SDK', '1st chunk ms', 'Δ SDK ms', 'goals (request ≤1.05 SDK, chunk ≤1.00 SDK, 1st chunk ≤ +0.3 ms)'];

/** Per vendor: raw fetch, the vendor SDK and our default client, each in its own process, side by side. */
export const vendorStreamsCase: BenchCase = {
  name: 'vendor-streams',
  title: `Five vendors: raw fetch vs vendor SDK vs ours (default stack), per request, per chunk of ${STREAM_CHUNKS}-chunk streams, time to first chunk`,
  async run(ctx) {
    const { json, stream } = counts(ctx.quick);
    ctx.log(
      `per vendor: ${json.rounds * json.perBlock} requests and ${stream.rounds * stream.perBlock} streams per path after a warm-up of ${json.warmup} / ${stream.warmup}, ` +
        `${json.rounds} interleaved rounds, each path in its own process; CPU = median per round, ratio = median of same-round ratios; ` +
        `a full GC before each block of ${json.perBlock} requests / ${stream.perBlock} streams; per chunk = a whole stream's CPU / ${STREAM_CHUNKS}; 1st chunk = median wall time from the call to the first text delta (burst server).`,
    );
    const fakes = await startVendorServersProcess();
    try {
      for (const vendor of selectedVendors()) await measureVendor(vendor, fakes.vendors[vendor], json, stream, ctx);
    } finally {
      await fakes.close();
    }
  },
};

/** One vendor: non-streaming, then streams, each with the three paths in processes of their own; prints its table. */
async function measureVendor(vendor: VendorName, servers: VendorServers, json: InterleaveOptions, stream: InterleaveOptions, ctx: BenchContext): Promise<void> {
  const measure = async (mode: 'json' | 'stream', baseUrl: string, options: InterleaveOptions) => {
    const runners = await Promise.all(PATHS.map((path) => startContenderProcess({ mode, vendor, path, baseUrl, apiKey: servers.apiKey, label: label(vendor, path) })));
    try {
      const results = await interleaveRunners(runners, options);
      const firsts = mode === 'stream' ? await Promise.all(runners.map((r) => r.firsts())) : [];
      return { results, firsts: firsts.map((ms) => median(ms)) };
    } finally {
      await Promise.all(runners.map((r) => r.close()));
    }
  };
  const requests = await measure('json', servers.jsonBaseUrl, json);
  const streams = await measure('stream', servers.streamBaseUrl, stream);
  // Each vendor's table as soon as it is measured (a long run cut short keeps what it has).
  ctx.log(`${formatTable([HEADER, ...vendorRows(requests.results, streams.results, streams.firsts)])}  (load average ${os.loadavg()[0]!.toFixed(1)})`);
  if (requests.results[3] && streams.results[3]) {
    const [ours, onFetch] = [2, 3] as const;
    ctx.log(
      `  ${vendor}: ours on node:http ÷ ours on fetch, same rounds: request ${fixed(pairedRatio(requests.results[ours]!, requests.results[onFetch]!), 2)}, ` +
        `chunk ${fixed(pairedRatio(streams.results[ours]!, streams.results[onFetch]!), 2)}, 1st chunk Δ ${fixed(streams.firsts[ours]! - streams.firsts[onFetch]!, 2)} ms`,
    );
  }
  if (ctx.verbose) {
    for (const r of [...requests.results, ...streams.results]) ctx.log(`  rounds ${r.name}: ${r.rounds.map((v) => fixed(v, 0)).join(' ')}`);
  }
}

/** `BENCH_VENDORS=openai,anthropic` measures only those (one short run per vendor on a busy machine). */
function selectedVendors(): VendorName[] {
  const wanted = process.env.BENCH_VENDORS?.split(',').map((v) => v.trim()).filter(Boolean);
  if (!wanted) return [...VENDORS];
  const unknown = wanted.filter((v) => !(VENDORS as readonly string[]).includes(v));
  if (unknown.length) throw new Error(`BENCH_VENDORS: unknown vendor(s) ${unknown.join(', ')}; known: ${VENDORS.join(', ')}`);
  return wanted as VendorName[];
}

const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function vendorRows(requests: ContenderResult[], streams: ContenderResult[], firsts: number[]): string[][] {
  const [fetchReq, sdkReq, oursReq] = requests as [ContenderResult, ContenderResult, ContenderResult];
  const [fetchStream, sdkStream, oursStream] = streams as [ContenderResult, ContenderResult, ContenderResult];
  const [, sdkFirst, oursFirst] = firsts as [number, number, number];
  const row = (req: ContenderResult, str: ContenderResult, first: number, path: VendorPath): string[] => {
    const reqRatio = pairedRatio(req, sdkReq);
    const chunkVsFetch = pairedRatio(str, fetchStream);
    const chunkVsSdk = pairedRatio(str, sdkStream);
    const goals =
      path === 'ours'
        ? [
            pass(reqRatio <= VENDOR_TARGETS.perRequest),
            pass(chunkVsSdk <= VENDOR_TARGETS.perChunk),
            pass(first - sdkFirst <= VENDOR_TARGETS.firstChunkMs),
            `(${fixed(chunkVsFetch, 2)}x fetch, aim ${VENDOR_TARGETS.perChunkVsFetch})`,
          ].join(' ')
        : '';
    return [
      req.name,
      fixed(req.cpuPerCall),
      path === 'sdk' ? '1.00' : fixed(reqRatio, 2),
      fixed(str.cpuPerCall / STREAM_CHUNKS, 2),
      path === 'fetch' ? '1.00' : fixed(chunkVsFetch, 2),
      path === 'sdk' ? '1.00' : fixed(chunkVsSdk, 2),
      fixed(first, 2),
      path === 'sdk' ? '' : `${first - sdkFirst >= 0 ? '+' : ''}${fixed(first - sdkFirst, 2)}`,
      goals,
    ];
  };
  const rows = [row(fetchReq, fetchStream, firsts[0]!, 'fetch'), row(sdkReq, sdkStream, sdkFirst, 'sdk'), row(oursReq, oursStream, oursFirst, 'ours')];
  if (requests[3] && streams[3]) rows.push(row(requests[3], streams[3], firsts[3]!, 'ours-fetch'));
  return rows;
}
