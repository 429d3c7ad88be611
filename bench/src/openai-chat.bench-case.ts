import type { BenchCase } from './bench-case.js';
import { chatCounts } from './bench-case.js';
import { interleave, type ContenderResult } from './cpu.js';
import { PACE_MS, STREAM_CHUNKS } from './fake-server-protocol.js';
import { jsonContender, streamContender, type PathKind } from './openai-contenders.js';
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
    const counts = chatCounts(ctx.quick);
    const { apiKey, jsonBaseUrl, streamBaseUrl, pacedStreamBaseUrl } = ctx.servers;

    const json = KINDS.map((kind) => jsonContender(kind, { apiKey, baseUrl: jsonBaseUrl }));
    for (const c of json) await c.verify();
    const jsonResults = await interleave(json, counts.json);

    const streams = KINDS.map((kind) => streamContender(kind, { apiKey, baseUrl: streamBaseUrl }));
    for (const c of streams) await c.verify();
    const streamResults = await interleave(streams, counts.stream);

    const paced = KINDS.map((kind) => streamContender(kind, { apiKey, baseUrl: pacedStreamBaseUrl }));
    for (const c of paced) await c.verify();
    const pacedResults = await interleave(paced, counts.paced);

    ctx.log(
      `${jsonResults[0]!.calls} non-streaming requests and ${streamResults[0]!.calls} streams per path, ` +
        `in ${counts.json.rounds} interleaved rounds; median per round; ratio = median of same-round ratios.`,
    );
    if (ctx.verbose) {
      for (const r of [...jsonResults, ...streamResults, ...pacedResults]) ctx.log(`  rounds ${r.name}: ${r.rounds.map((v) => fixed(v, 0)).join(' ')}`);
    }
    ctx.log(formatTable([HEADER, ...chatRows('non-streaming', jsonResults, false), ...chatRows('stream, burst', streamResults, true), ...chatRows(`stream, paced ${PACE_MS} ms`, pacedResults, true)]));
  },
};
