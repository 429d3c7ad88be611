// Where the first chunk of a stream waits, in the gateway case's paced scenario (the fake paced
// upstream, the official openai SDK as client), after `pnpm --filter @llm/bench... build`:
//   node gateway-first-chunk-stamps.mjs        env: WARM (1500 streams left at their first chunk), M (40 streams measured)
// llm-gateway runs with gateway-stamps-preload.mjs; each measured stream is read to its end, one
// through the gateway, one direct, in turn (as the case does), and the steps of each gateway call are
// printed as medians: client send -> request event -> upstream request -> upstream headers ->
// upstream's first data -> the gateway's writeHead -> its first write -> the client's first content.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeServersProcess } from './dist/fake-server-process.js';
import { callPath, firstChunkCall } from './dist/proxy-calls.js';
import { startLlmGateway } from './dist/proxy-process.js';

const WARM = Number(process.env.WARM ?? 1500);
const M = Number(process.env.M ?? 40);
const now = () => Number(process.hrtime.bigint() / 1000n);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

const servers = await startFakeServersProcess();
const base = servers.pacedStreamBaseUrl;
const dir = mkdtempSync(join(tmpdir(), 'gateway-first-chunk-'));
const stampsFile = join(dir, 'stamps.json');
const stamped = await startLlmGateway({ baseUrl: base, apiKey: servers.apiKey }, { nodeArgs: ['--import', fileURLToPath(new URL('./gateway-stamps-preload.mjs', import.meta.url))], env: { STAMPS_FILE: stampsFile } });
const url = stamped.baseUrl.replace(/\/v1$/, '');
const gateway = callPath('llm-gateway', { baseUrl: `${url}/v1`, apiKey: 'llm_bench_client_key_0123456789abcdef' }, 'openai:gpt-4o-mini');
const direct = callPath('direct', { baseUrl: base, apiKey: servers.apiKey }, 'gpt-4o-mini');
for (let i = 0; i < WARM; i += 10) {
  for (let j = 0; j < 10; j++) await firstChunkCall(gateway);
  for (let j = 0; j < 10; j++) await firstChunkCall(direct);
}

const sends = [];
const firsts = [];
const directFirst = [];
async function whole(path) {
  const sent = now();
  const stream = await path.client.chat.completions.create({ model: path.model, messages: [{ role: 'user', content: 'Say hello in a few words.' }], stream: true, stream_options: { include_usage: true } });
  let first;
  for await (const chunk of stream) if (first === undefined && chunk.choices[0]?.delta.content) first = now();
  return { sent, first };
}
for (let i = 0; i < M; i++) {
  const g = await whole(gateway);
  sends.push(g.sent);
  firsts.push(g.first);
  const d = await whole(direct);
  directFirst.push(d.first - d.sent);
}
await stamped.stop();
const rows = JSON.parse(readFileSync(stampsFile, 'utf8')).slice(WARM);
if (rows.length !== M) throw new Error(`the gateway stamped ${rows.length} measured calls, not ${M}`);
const step = (f) => median(rows.map(f));
console.log(`direct: send -> first content ${median(directFirst)} µs (median of ${M})`);
console.log(`llm-gateway, median µs of ${M}:`);
console.log(`  client send -> request event          ${step((r, i) => r.arrived - sends[i])}`);
console.log(`  request event -> upstream request     ${step((r) => r.upstream - r.arrived)}`);
console.log(`  upstream request -> its headers       ${step((r) => r.upstreamHeaders - r.upstream)}`);
console.log(`  upstream headers -> its first data    ${step((r) => r.upstreamData - r.upstreamHeaders)}`);
console.log(`  upstream first data -> writeHead      ${step((r) => r.headers - r.upstreamData)}`);
console.log(`  writeHead -> first write              ${step((r) => r.firstWrite - r.headers)}`);
console.log(`  first write -> client's first content ${step((r, i) => firsts[i] - r.firstWrite)}`);
console.log(`  total: send -> first content          ${step((r, i) => firsts[i] - sends[i])}`);
await servers.close();
rmSync(dir, { recursive: true, force: true });
