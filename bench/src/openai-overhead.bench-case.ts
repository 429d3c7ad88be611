import type { BenchCase } from './bench-case.js';
import { interleave } from './cpu.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';
import { chatRows, HEADER } from './openai-chat.bench-case.js';
import { jsonContender, MODEL, streamContender, type PathKind } from './openai-contenders.js';
import { record, replayFetch } from './replay-fetch.js';
import { fixed, formatTable } from './table.js';

const KINDS: PathKind[] = ['raw', 'bare', 'client'];

/**
 * The same comparison as openai-chat, but the fake server's replies are recorded once and
 * replayed from memory by a fetch stub (frame by frame for streams): no sockets and no
 * scheduling noise, so only the libraries' own CPU is left. This isolates our layers' cost.
 */
export const openAIOverheadCase: BenchCase = {
  name: 'openai-overhead',
  title: `OpenAI chat, replies replayed from memory (no sockets): library CPU only, non-streaming and ${STREAM_CHUNKS}-chunk streams`,
  async run(ctx) {
    const { apiKey, jsonBaseUrl, streamBaseUrl } = ctx.servers;
    const messages = [{ role: 'user', content: 'Say hello in a few words.' }];
    const json = await record(jsonBaseUrl, apiKey, { model: MODEL, messages });
    const sse = await record(streamBaseUrl, apiKey, { model: MODEL, messages, stream: true, stream_options: { include_usage: true } });
    const fetch = replayFetch(json, sse);
    const options = { apiKey, baseUrl: jsonBaseUrl, fetch };
    const counts = ctx.quick
      ? { json: { warmup: 200, rounds: 3, perBlock: 200 }, stream: { warmup: 20, rounds: 3, perBlock: 20 } }
      : { json: { warmup: 1000, rounds: 60, perBlock: 50 }, stream: { warmup: 40, rounds: 40, perBlock: 6 } };

    const jsonContenders = KINDS.map((kind) => jsonContender(kind, options));
    for (const c of jsonContenders) await c.verify();
    const jsonResults = await interleave(jsonContenders, counts.json);
    const streamContenders = KINDS.map((kind) => streamContender(kind, options));
    for (const c of streamContenders) await c.verify();
    const streamResults = await interleave(streamContenders, counts.stream);

    ctx.log(`${jsonResults[0]!.calls} requests and ${streamResults[0]!.calls} streams per path, in ${counts.json.rounds} interleaved rounds.`);
    if (ctx.verbose) {
      for (const r of [...jsonResults, ...streamResults]) ctx.log(`  rounds ${r.name}: ${r.rounds.map((v) => fixed(v, 0)).join(' ')}`);
    }
    ctx.log(formatTable([HEADER, ...chatRows('non-streaming', jsonResults, false), ...chatRows('stream', streamResults, true)]));
  },
};
