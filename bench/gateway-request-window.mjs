// How long llm-gateway works on a call before its upstream request leaves, at concurrency 1
// (after `pnpm --filter @llm/bench... build`):
//   node gateway-request-window.mjs             MODE=json|stream (json), N (600 calls, the first 100 not counted)
// The gateway runs in its own process with gateway-stamps-preload.mjs, which stamps each request's
// `request` event and its upstream `http.request` with the monotonic clock this script reads when it
// sends. Printed: client send -> request event (Node's HTTP server and the wake-up), and request
// event -> upstream request (the gateway's own work before the vendor hears of the call). Then the
// same gateway code started inside this process (startGateway) for the second figure: what the work
// costs when the code stays hot between calls.
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJsonLogger } from '@llm/core';
import { llmGatewayBenchConfig, startLlmGateway } from './dist/proxy-process.js';

const MODE = process.env.MODE ?? 'json';
if (MODE !== 'json' && MODE !== 'stream') throw new Error(`MODE must be json or stream, not ${MODE}`);
const N = Number(process.env.N ?? 600);
const SKIP = 100;
const KEY = 'llm_bench_client_key_0123456789abcdef';
const now = () => Number(process.hrtime.bigint() / 1000n);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

const chunk = (delta, finish = null, extra = {}) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`;
const REPLY = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there!' }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } });
const STREAM = chunk({ role: 'assistant', content: '' }) + chunk({ content: 'Hello' }) + chunk({ content: ' there!' }) + chunk({}, 'stop') +
  `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } })}\n\ndata: [DONE]\n\n`;
let upstreamArrived = 0;
const upstream = http.createServer((req, res) => {
  upstreamArrived = now();
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': MODE === 'json' ? 'application/json' : 'text/event-stream', 'x-request-id': 'req_1' });
    res.end(MODE === 'json' ? REPLY : STREAM);
  });
});
await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${upstream.address().port}/v1`;
const dir = mkdtempSync(join(tmpdir(), 'gateway-window-'));
const config = llmGatewayBenchConfig({ baseUrl, apiKey: 'sk-test' });
const agent = new http.Agent({ keepAlive: true });

function call(url) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in a few words.' }], ...(MODE === 'stream' ? { stream: true, stream_options: { include_usage: true } } : {}) });
    const sent = now();
    const req = http.request(`${url}/v1/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(sent) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// 1. The gateway in its own process, stamped.
const stampsFile = join(dir, 'stamps.json');
const stamped = await startLlmGateway({ baseUrl, apiKey: 'sk-test' }, { nodeArgs: ['--import', fileURLToPath(new URL('./gateway-stamps-preload.mjs', import.meta.url))], env: { STAMPS_FILE: stampsFile } });
const gatewayUrl = stamped.baseUrl.replace(/\/v1$/, '');
const sends = [];
for (let i = 0; i < N; i++) sends.push(await call(gatewayUrl));
await stamped.stop();
const rows = JSON.parse(readFileSync(stampsFile, 'utf8'));
if (rows.length !== N) throw new Error(`the gateway stamped ${rows.length} requests, not ${N}`);
const toEvent = rows.slice(SKIP).map((r, i) => r.arrived - sends[i + SKIP]);
const toUpstream = rows.slice(SKIP).map((r) => r.upstream - r.arrived);
if (process.env.CURVE) { const blocks = []; for (let i = 0; i + 250 <= toUpstream.length; i += 250) blocks.push(median(toUpstream.slice(i, i + 250))); console.log("per 250 calls:", blocks.join(" ")); }
console.log(`${MODE}, gateway in its own process: client send -> request event ${median(toEvent)} µs; request event -> upstream request ${median(toUpstream)} µs (median of ${N - SKIP})`);

// 2. The same gateway in this process: request event -> upstream request with the code kept hot.
const { loadGatewayConfig, startGateway } = await import('@llm/gateway');
// Its access log is formatted as in the child but written nowhere (this script's own output stays readable).
const gateway = await startGateway({ config: loadGatewayConfig({ text: config, env: {} }), logger: createJsonLogger({ level: 'info', write: () => {} }) });
let arrived = 0;
let upstreamCalled = 0;
const request = http.request;
http.request = function (...args) {
  upstreamCalled ||= now();
  return request.apply(this, args);
};
gateway.server.prependListener('request', () => {
  arrived = now();
  upstreamCalled = 0;
});
const inProcess = [];
for (let i = 0; i < N; i++) {
  await call(gateway.url);
  if (i >= SKIP) inProcess.push(upstreamCalled - arrived);
}
if (upstreamArrived === 0) throw new Error('the upstream saw no request');
console.log(`${MODE}, gateway in this process: request event -> upstream request ${median(inProcess)} µs (median of ${N - SKIP})`);
http.request = request;
await gateway.close();
upstream.close();
agent.destroy();
rmSync(dir, { recursive: true, force: true });
