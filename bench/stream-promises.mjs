// Promises made per streamed reply, counted exactly (node:async_hooks), with the reply replayed
// from memory one event per read (as prof-memory.mjs does): what each path adds per event and per
// stream, free of the machine's load.
//   node stream-promises.mjs <openai|anthropic> [streams]
// Paths: the vendor SDK's own stream, our bare `chatModel`, our `create<Vendor>` client (the
// default stack). Prints promises per stream and per text chunk, and the client's excess over bare.
import { createHook } from 'node:async_hooks';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropic, createAnthropicProvider } from '@llm/anthropic';
import { createOpenAI, createOpenAIProvider } from '@llm/openai';
import OpenAI from 'openai';
import { clientVariantConfig } from './client-variant.mjs';
import { recordStream } from './recorded-stream.mjs';
import { replayResponse } from './dist/replay-fetch.js';

const [vendor = 'openai', count = '20'] = process.argv.slice(2);
const { anthropic, model, messages, servers, apiKey, streamBaseUrl, frames, replyHeaders } = await recordStream(vendor);
const bodyParts = frames.map((p) => new TextEncoder().encode(p));
await servers.close();
const replay = async () => replayResponse(bodyParts, replyHeaders);

const settings = { apiKey, baseUrl: streamBaseUrl, fetch: replay };
const request = { messages, ...(anthropic ? { maxTokens: 1024 } : {}) };
const ours = (chat) => async () => {
  let n = 0;
  for await (const e of chat.streamChat(request)) if (e.type === 'text-delta') n++;
  return n;
};
const paths = {
  sdk: anthropic
    ? async () => {
        const client = (paths.sdkClient ??= new Anthropic({ apiKey, baseURL: streamBaseUrl, maxRetries: 0, fetch: replay }));
        let n = 0;
        for await (const e of await client.messages.create({ model, max_tokens: 1024, messages, stream: true })) if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') n++;
        return n;
      }
    : async () => {
        const client = (paths.sdkClient ??= new OpenAI({ apiKey, baseURL: streamBaseUrl, maxRetries: 0, fetch: replay }));
        let n = 0;
        for await (const c of await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } })) if (c.choices[0]?.delta.content) n++;
        return n;
      },
  bare: ours((anthropic ? createAnthropicProvider(settings) : createOpenAIProvider(settings)).chatModel(model)),
  client: ours((anthropic ? createAnthropic : createOpenAI)(clientVariantConfig(settings, model))),
};
let promises = 0;
const hook = createHook({
  init(_id, type) {
    if (type === 'PROMISE') promises++;
  },
});
const n = Number(count);
const per = {};
for (const path of ['sdk', 'bare', 'client']) {
  for (let i = 0; i < 5; i++) await paths[path]();
  let chunks = 0;
  promises = 0;
  hook.enable();
  for (let i = 0; i < n; i++) chunks += await paths[path]();
  hook.disable();
  per[path] = { stream: promises / n, chunk: promises / chunks, chunks: chunks / n };
  console.log(`${vendor} ${path.padEnd(6)} promises per stream ${per[path].stream.toFixed(1)}, per text chunk ${per[path].chunk.toFixed(2)} (${per[path].chunks} chunks)`);
}
console.log(`${vendor} client - bare: ${(per.client.stream - per.bare.stream).toFixed(1)} promises per stream`);
process.exit(0);
