// CPU per chunk of one vendor-streams contender, in blocks of 5 streams over real sockets, with or
// without a forced collection before each block (vendor-streams collects before every block):
//   node --expose-gc post-gc.mjs <vendor> <fetch|sdk|bare|ours> <gc|gcwait|nogc> [blocks]
// (after `pnpm --filter @llm/bench... build`). `gcwait` waits 200 ms after the collection, so the
// collector's background sweeping is over before the block starts; `bare` is our chat model
// without the default stack. INFLIGHT=1 keeps one more stream of the same path open (after its first
// event) through every collection, as a busy process would have (our paths only). Prints the median and quartiles.
import { startVendorServersProcess } from './dist/vendor-servers-process.js';
import { MODELS, vendorCall } from './dist/vendor-paths.js';

const [vendor = 'anthropic', path = 'ours', mode = 'gc', blocks = '30'] = process.argv.slice(2);
const servers = await startVendorServersProcess();
const { apiKey, streamBaseUrl } = servers.vendors[vendor];
const request = { messages: [{ role: 'user', content: 'Say hello in a few words.' }], ...(vendor === 'anthropic' ? { maxTokens: 1024 } : {}) };

const FACTORIES = {
  openai: ['@llm/openai', 'createOpenAIProvider', 'createOpenAI'],
  groq: ['@llm/groq', 'createGroqProvider', 'createGroq'],
  openrouter: ['@llm/openrouter', 'createOpenRouterProvider', 'createOpenRouter'],
  anthropic: ['@llm/anthropic', 'createAnthropicProvider', 'createAnthropic'],
  google: ['@llm/google', 'createGoogleProvider', 'createGoogle'],
};

/** Our bare chat model, or (`client`) the default-stack client as vendor-streams builds it. */
async function ourModel(client) {
  const [name, provider, factory] = FACTORIES[vendor];
  const module = await import(name);
  const settings = { apiKey, baseUrl: streamBaseUrl };
  return client ? module[factory]({ ...settings, model: MODELS[vendor], logging: { level: 'warn' } }) : module[provider](settings).chatModel(MODELS[vendor]);
}

let call;
if (path === 'bare') {
  const model = await ourModel(false);
  call = {
    stream: async () => {
      for await (const _event of model.streamChat(request));
    },
  };
} else call = vendorCall(vendor, path, streamBaseUrl, apiKey);
for (let i = 0; i < 500; i++) await call.stream();
if (process.env.INFLIGHT && (path === 'bare' || path === 'ours')) {
  const open = (await ourModel(path === 'ours')).streamChat(request)[Symbol.asyncIterator]();
  await open.next();
  globalThis.inFlight = open;
} else if (process.env.INFLIGHT) console.warn('INFLIGHT is done for our paths (bare, ours) only');

const perChunk = [];
for (let b = 0; b < Number(blocks); b++) {
  if (mode !== 'nogc') globalThis.gc();
  if (mode === 'gcwait') await new Promise((resolve) => setTimeout(resolve, 200));
  const start = process.cpuUsage();
  for (let i = 0; i < 5; i++) await call.stream();
  const d = process.cpuUsage(start);
  perChunk.push((d.user + d.system) / 5 / 200);
}
perChunk.sort((a, b) => a - b);
const q = (f) => perChunk[Math.floor((perChunk.length - 1) * f)].toFixed(2);
console.log(vendor, path, mode, 'µs/chunk median', q(0.5), 'p25', q(0.25), 'p75', q(0.75));
await servers.close();
process.exit(0);
