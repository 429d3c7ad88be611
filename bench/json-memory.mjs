// CPU per non-streamed request with the reply replayed from memory (recorded once from the fake
// vendor server): no sockets, so what is left is the client libraries' own CPU.
//   node json-memory.mjs <vendor> [requests per block] [rounds]
// Paths, interleaved in one process (so compare within a run): the vendor SDK, our bare
// `chatModel` (no middleware), our `create<Vendor>` client (the default stack). Prints the median
// of the rounds' CPU µs per request. PROFILE=<path> writes a CPU profile of that path's blocks.
// TELEMETRY_OFF, RETRY0, NOBREAKER, NOLOG (=1): the client without that part of the default stack.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { clientVariantConfig } from './client-variant.mjs';
import { MODELS } from './dist/vendor-paths.js';
import { startVendorServersProcess } from './dist/vendor-servers-process.js';
import { createAnthropicProvider, createAnthropic } from '@llm/anthropic';
import { createGoogleProvider, createGoogle } from '@llm/google';
import { createGroqProvider, createGroq } from '@llm/groq';
import { createOpenAIProvider, createOpenAI } from '@llm/openai';
import { createOpenRouterProvider, createOpenRouter } from '@llm/openrouter';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';

const [vendor = 'google', perBlock = '200', roundsArg = '7'] = process.argv.slice(2);
const PROMPT = 'Say hello in a few words.';
const servers = await startVendorServersProcess();
const { apiKey, jsonBaseUrl } = servers.vendors[vendor];
// Record the reply once through the SDK's own request.
let recorded;
const recorder = async (input, init) => {
  const res = await fetch(input, init);
  recorded = { body: await res.text(), status: res.status, headers: [...res.headers].filter(([n]) => n !== 'content-length' && n !== 'transfer-encoding') };
  return new Response(recorded.body, { status: recorded.status, headers: recorded.headers });
};
await vendorCallWith(recorder).sdk();
await servers.close();
const replay = async (_input, init) => {
  if (init?.body && typeof init.body !== 'string') throw new Error('unexpected body');
  return new Response(recorded.body, { status: recorded.status, headers: recorded.headers });
};

function vendorCallWith(f) {
  const model = MODELS[vendor];
  const request = { messages: [{ role: 'user', content: PROMPT }], ...(vendor === 'anthropic' ? { maxTokens: 1024 } : {}) };
  const settings = { apiKey, baseUrl: jsonBaseUrl, fetch: f };
  const create = { anthropic: createAnthropic, google: createGoogle, groq: createGroq, openai: createOpenAI, openrouter: createOpenRouter }[vendor];
  const provider = { anthropic: createAnthropicProvider, google: createGoogleProvider, groq: createGroqProvider, openai: createOpenAIProvider, openrouter: createOpenRouterProvider }[vendor];
  let sdk;
  if (vendor === 'anthropic') {
    const c = new Anthropic({ apiKey, baseURL: jsonBaseUrl, maxRetries: 0, fetch: f });
    sdk = async () => (await c.messages.create({ model, max_tokens: 1024, messages: [{ role: 'user', content: PROMPT }] })).content.length;
  } else if (vendor === 'google') {
    const c = new GoogleGenAI({ apiKey, vertexai: false, httpOptions: { baseUrl: jsonBaseUrl, fetch: f } });
    sdk = async () => (await c.models.generateContent({ model, contents: [{ role: 'user', parts: [{ text: PROMPT }] }] })).candidates?.length;
  } else {
    const c = new OpenAI({ apiKey, baseURL: jsonBaseUrl, maxRetries: 0, fetch: f });
    sdk = async () => (await c.chat.completions.create({ model, messages: [{ role: 'user', content: PROMPT }] })).choices.length;
  }
  const bareModel = provider(settings).chatModel(model);
  const client = create(clientVariantConfig(settings, model));
  return { sdk, bare: async () => (await bareModel.chat(request)).text, client: async () => (await client.chat(request)).text };
}

const calls = vendorCallWith(replay);
const paths = ['sdk', 'bare', 'client'];
for (const p of paths) for (let i = 0; i < 1000; i++) await calls[p]();
const n = Number(perBlock);
const results = Object.fromEntries(paths.map((p) => [p, []]));
const session = process.env.PROFILE ? new Session() : undefined;
if (session) { session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.start'); }
for (let r = 0; r < Number(roundsArg); r++) {
  for (let k = 0; k < paths.length; k++) {
    const p = paths[(k + r) % paths.length];
    if (session && p !== process.env.PROFILE_PATH) continue;
    globalThis.gc?.();
    const t = process.cpuUsage();
    for (let i = 0; i < n; i++) await calls[p]();
    const d = process.cpuUsage(t);
    results[p].push((d.user + d.system) / n);
  }
}
if (session) { const { profile } = await session.post('Profiler.stop'); writeFileSync(process.env.PROFILE, JSON.stringify(profile)); }
const med = (v) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[s.length >> 1] : NaN; };
const sdkMed = med(results.sdk);
console.log(vendor, paths.map((p) => `${p} ${med(results[p]).toFixed(1)} µs (${(med(results[p]) / sdkMed).toFixed(2)})`).join('  '));
process.exit(0);
