// CPU of one stream contender with the reply replayed from memory (recorded once from the fake
// vendor server): no sockets, so what is left is the client libraries' own CPU, with far less noise.
//   node prof-memory.mjs <openai|anthropic> <sdk|bare|client> [streams] [out.cpuprofile]
// (after `pnpm --filter @llm/bench... build`). Paths: the vendor SDK's own stream, our bare
// `chatModel` (no middleware), our `create<Vendor>` client (the default stack). Prints the median of
// five rounds of CPU µs per text chunk. Environment:
//   PARTS=n    the body arrives in n reads (a socket read carries many events; the fake server
//              writes a whole stream at once, which arrives in 2-4 reads); default: one read per event
//   SHORT=1    an 8-frame stream, printed per stream: what a call costs apart from its chunks
//   SOCKET=1   real sockets to the fake server instead of the replay
//   HEAP=1     write an allocation-sampling profile instead of a CPU profile
//   INTERVAL=µs  the CPU profiler's sampling interval (100)
//   TELEMETRY_OFF, RETRY0, NOBREAKER, NOLOG (=1): the client without that part of the default stack
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic, createAnthropicProvider } from '@llm/anthropic';
import { createOpenAI, createOpenAIProvider } from '@llm/openai';
import OpenAI from 'openai';
import { clientVariantConfig } from './client-variant.mjs';
import { recordStream } from './recorded-stream.mjs';
import { replayResponse } from './dist/replay-fetch.js';

const [vendor = 'openai', path = 'client', count = '300', out] = process.argv.slice(2);
const env = process.env;
const recorded = await recordStream(vendor);
const { anthropic, model, messages, servers, apiKey, streamBaseUrl, replyHeaders } = recorded;
let frames = recorded.frames;
if (env.SHORT) frames = [...frames.slice(0, 4), ...frames.slice(-4)];
const reads = Number(env.PARTS ?? 0);
const pieces = reads ? Array.from({ length: reads }, (_, i) => frames.slice(Math.floor((i * frames.length) / reads), Math.floor(((i + 1) * frames.length) / reads)).join('')) : frames;
const bodyParts = pieces.map((p) => new TextEncoder().encode(p));
if (!env.SOCKET) await servers.close();
const replay = async () => replayResponse(bodyParts, replyHeaders);
const fetchOption = env.SOCKET ? {} : { fetch: replay };

/** One stream read to its end; the number of text chunks. */
let stream;
if (path === 'sdk' && anthropic) {
  const client = new Anthropic({ apiKey, baseURL: streamBaseUrl, maxRetries: 0, ...fetchOption });
  stream = async () => {
    let n = 0;
    for await (const e of await client.messages.create({ model, max_tokens: 1024, messages, stream: true })) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') n++;
    return n;
  };
} else if (path === 'sdk') {
  const client = new OpenAI({ apiKey, baseURL: streamBaseUrl, maxRetries: 0, ...fetchOption });
  stream = async () => {
    let n = 0;
    for await (const c of await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } })) if (c.choices[0]?.delta.content) n++;
    return n;
  };
} else {
  const settings = { apiKey, baseUrl: streamBaseUrl, ...fetchOption };
  const config = clientVariantConfig(settings, model, env);
  const chat = path === 'bare' ? (anthropic ? createAnthropicProvider(settings) : createOpenAIProvider(settings)).chatModel(model) : (anthropic ? createAnthropic : createOpenAI)(config);
  const request = { messages, ...(anthropic ? { maxTokens: 1024 } : {}) };
  stream = async () => {
    let n = 0;
    for await (const e of chat.streamChat(request)) if (e.type === 'text-delta') n++;
    return n;
  };
}

for (let i = 0; i < 300; i++) await stream();
const n = Number(count);
let session;
if (out) {
  session = new Session();
  session.connect();
  if (env.HEAP) {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  } else {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: Number(env.INTERVAL ?? 100) });
    await session.post('Profiler.start');
  }
}
const rounds = [];
for (let r = 0; r < 5; r++) {
  const t = process.cpuUsage();
  let chunks = 0;
  for (let i = 0; i < n / 5; i++) chunks += await stream();
  const d = process.cpuUsage(t);
  rounds.push((d.user + d.system) / (env.SHORT ? n / 5 : chunks));
}
if (session) {
  const { profile } = await session.post(env.HEAP ? 'HeapProfiler.stopSampling' : 'Profiler.stop');
  writeFileSync(out, JSON.stringify(profile));
}
rounds.sort((a, b) => a - b);
console.log(vendor, path, env.SHORT ? 'µs per short stream' : 'µs per chunk', 'median', rounds[2].toFixed(2), 'rounds', rounds.map((x) => x.toFixed(2)).join(' '));
if (env.SOCKET) await servers.close();
process.exit(0);
