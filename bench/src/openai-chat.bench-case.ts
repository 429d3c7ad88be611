import type { BenchCase } from './bench-case.js';
import { steadyStateCounts } from './bench-case.js';
import { interleaveRunners, type ContenderResult } from './cpu.js';
import { startContenderProcess } from './contender-process.js';
import { PACE_MS, STREAM_CHUNKS } from './fake-server-protocol.js';
import type { PathKind } from './openai-contenders.js';
import { fixed, formatTable } from './table.js';
import { pairedRatio, ratioSpread, verdict } from './verdict.js';

/** Foundation target for the bare model; the Resilience target for the full default stack. */
export const TARGETS: Record<Exclude<PathKind, 'raw'>, number> = { bare: 1.1, client: 1.15 };

const KINDS: PathKind[] = ['raw', 'bare', 'client'];

export function chatRows(mode: string, results: ContenderResult[], perChunk: boolean): string[][] {
  const raw = results[0]!;
  return results.map((r, i) => {
    const kind = KINDS[i]!;
    const ratio = kind === 'raw' ? 1 : pairedRatio(r, raw);
    return [
      r.name,
      mode,
      fixed(r.cpuPerCall),
      perChunk ? fixed(r.cpuPerCall / STREAM_CHUNKS, 2) : '-',
      kind === 'raw' ? '1.00' : fixed(ratio, 2),
      kind === 'raw' ? '' : ratioSpread(r, raw),
      kind === 'raw' ? '' : verdict(ratio, TARGETS[kind]),
    ];
  });
}

export const HEADER = ['path', 'mode', 'CPU µs/request', 'CPU µs/chunk', 'ours/raw', 'middle half', 'target'];

/** The raw openai SDK and @llm/openai (bare model and default client) through the same fake server. */
export const openAIChatCase: BenchCase = {
  name: 'openai-chat',
  title: `OpenAI chat: raw SDK vs @llm/openai, non-streaming and ${STREAM_CHUNKS}-chunk streams (client-process CPU)`,
  async run(ctx) {
    const counts = steadyStateCounts(ctx.quick);
    const { apiKey, jsonBaseUrl, streamBaseUrl, pacedStreamBaseUrl } = ctx.servers;

    // One process per contender (see contender-process.ts), interleaved block by block.
    const measure = async (mode: 'json' | 'stream', baseUrl: string, options: typeof counts.json) => {
      const runners = await Promise.all(KINDS.map((kind) => startContenderProcess({ mode, kind, options: { apiKey, baseUrl } })));
      try {
        return await interleaveRunners(runners, options);
      } finally {
        await Promise.all(runners.map((r) => r.close()));
      }
    };
    const jsonResults = await measure('json', jsonBaseUrl, counts.json);
    const streamResults = await measure('stream', streamBaseUrl, counts.stream);
    const pacedResults = await measure('stream', pacedStreamBaseUrl, counts.paced);

    ctx.log(
      `${jsonResults[0]!.calls} non-streaming requests and ${streamResults[0]!.calls} streams per path, ` +
        `in ${counts.json.rounds} interleaved rounds; median per round; ratio = median of same-round ratios; each path in its own process.`,
    );
    if (ctx.verbose) {
      for (const r of [...jsonResults, ...streamResults, ...pacedResults]) ctx.log(`  rounds ${r.name}: ${r.rounds.map((v) => fixed(v, 0)).join(' ')}`);
    }
    ctx.log(formatTable([HEADER, ...chatRows('non-streaming', jsonResults, false), ...chatRows('stream, burst', streamResults, true), ...chatRows(`stream, paced ${PACE_MS} ms`, pacedResults, true)]));
  },
};
