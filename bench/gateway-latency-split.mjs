// Where the gateway's added latency goes, at concurrency 1 (after `pnpm --filter @llm/bench... build`):
//   node gateway-latency-split.mjs            PROF=<dir> also writes a CPU profile of the gateway
// The upstream is a plain node:http server in this process, so one clock times both sides: from the
// client's send to the upstream's arrival (the gateway's work before its upstream call), and from the
// upstream's reply to the client's end of reply (its work after). Direct calls give the baseline.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llmGatewayBenchConfig } from './dist/proxy-process.js';
const PROF = process.env.PROF;
async function startLlmGateway(upstream) {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-split-')); writeFileSync(`${dir}/gw.yaml`, llmGatewayBenchConfig(upstream));
  const args = [...(PROF ? ['--cpu-prof', '--cpu-prof-interval', '50', '--cpu-prof-dir', PROF] : []), fileURLToPath(new URL('./bin.js', import.meta.resolve('@llm/gateway'))), '--config', `${dir}/gw.yaml`];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, HOME: dir }, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((res) => { let out = ''; child.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/\S+)/.exec(out); if (m) res(m[1]); }); });
  return { baseUrl: `${url}/v1`, apiKey: 'llm_bench_client_key_0123456789abcdef', stop: () => new Promise((r) => { child.once('exit', () => { rmSync(dir, { recursive: true, force: true }); r(); }); child.kill('SIGINT'); }) };
}
const REPLY = JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there!' }, logprobs: null, finish_reason: 'stop' }], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } });
let arrived = 0, replied = 0;
const up = http.createServer((req, res) => { arrived = performance.now(); const b = []; req.on('data', (c) => b.push(c)); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_1' }); replied = performance.now(); res.end(REPLY); }); });
await new Promise((r) => up.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${up.address().port}/v1`;
const gw = await startLlmGateway({ baseUrl: base, apiKey: 'sk-test' });
const agent = new http.Agent({ keepAlive: true });
function call(url, key, model) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello in a few words.' }] });
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const b = []; res.on('data', (c) => b.push(c)); res.on('end', () => resolve({ t0, tEnd: performance.now(), status: res.statusCode }));
    });
    req.on('error', reject); req.end(body);
  });
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[s.length >> 1].toFixed(3); };
for (const [name, url, key, model] of [['direct', `${base}/chat/completions`, 'sk-test', 'gpt-4o-mini'], ['gateway', `${gw.baseUrl}/chat/completions`, gw.apiKey, 'openai:gpt-4o-mini']]) {
  const pre = [], post = [], total = [];
  for (let i = 0; i < 600; i++) {
    const r = await call(url, key, model);
    if (r.status !== 200) throw new Error(`${name}: ${r.status}`);
    if (i >= 100) { pre.push(arrived - r.t0); post.push(r.tEnd - replied); total.push(r.tEnd - r.t0); }
    await new Promise((r) => setImmediate(r));
  }
  console.log(name.padEnd(8), 'to upstream', med(pre), 'ms; upstream reply to client end', med(post), 'ms; total', med(total));
}
await gw.stop(); up.close(); agent.destroy();
