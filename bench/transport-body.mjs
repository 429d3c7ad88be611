// The transport alone: Node's fetch against @llm/core's node:http fetch (createNodeHttpFetch), each
// sending one vendor's 200-chunk stream request to its fake server and reading the body to its end
// (a reader and a TextDecoder, no SDK, no parser), alternating blocks in one process.
//   node --expose-gc transport-body.mjs <vendor> [streams per block] [rounds]
// (after `pnpm --filter @llm/bench... build`). With --expose-gc, a full collection before each block
// (as vendor-streams does); without it, none. Prints the median CPU µs per stream and node:http ÷ fetch
// of the same rounds.
import { createNodeHttpFetch } from '@llm/core';
import { MODELS } from './dist/vendor-paths.js';
import { startVendorServersProcess } from './dist/vendor-servers-process.js';

const [vendor = 'anthropic', count = '40', rounds = '15'] = process.argv.slice(2);
if (vendor === 'google') throw new Error('transport-body.mjs knows the Anthropic and OpenAI-compatible wires');
const servers = await startVendorServersProcess();
const { apiKey, streamBaseUrl } = servers.vendors[vendor];
const anthropic = vendor === 'anthropic';
const messages = [{ role: 'user', content: 'hi' }];
const url = anthropic ? `${streamBaseUrl}/v1/messages` : `${streamBaseUrl}/chat/completions`;
const init = {
  method: 'POST',
  redirect: 'manual',
  headers: anthropic ? { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' } : { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
  body: JSON.stringify(anthropic ? { model: MODELS[vendor], max_tokens: 1024, messages, stream: true } : { model: MODELS[vendor], messages, stream: true, stream_options: { include_usage: true } }),
};
const paths = { fetch: (input, options) => fetch(input, options), 'node-http': createNodeHttpFetch().fetch };

async function stream(send) {
  const reader = (await send(url, init)).body.getReader();
  const decoder = new TextDecoder();
  for (let r = await reader.read(); !r.done; r = await reader.read()) decoder.decode(r.value, { stream: true });
}

const names = Object.keys(paths);
for (let i = 0; i < 300; i++) for (const name of names) await stream(paths[name]);
const cpu = Object.fromEntries(names.map((name) => [name, []]));
for (let r = 0; r < Number(rounds); r++) {
  for (const name of r % 2 ? names : [...names].reverse()) {
    globalThis.gc?.();
    const start = process.cpuUsage();
    for (let i = 0; i < Number(count); i++) await stream(paths[name]);
    const d = process.cpuUsage(start);
    cpu[name].push((d.user + d.system) / Number(count));
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const ratio = median(cpu['node-http'].map((x, i) => x / cpu.fetch[i]));
console.log(vendor, globalThis.gc ? 'gc before each block' : 'no forced gc', names.map((name) => `${name} ${median(cpu[name]).toFixed(0)} µs/stream`).join(', '), `node-http ÷ fetch ${ratio.toFixed(2)}`);
await servers.close();
process.exit(0);
