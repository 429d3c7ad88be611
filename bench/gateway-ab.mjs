// Two or more llm-gateway builds side by side, in the gateway case's own shape, for A/B work on a busy
// machine (after `pnpm --filter @llm/bench... build` here; a build is a checkout with its packages built):
//   node gateway-ab.mjs <checkout A> <checkout B> ...      env: TRIALS (8), WARM (30), ROUNDS (10), PER (5)
// Each trial starts every build's gateway fresh (the order rotated), as `--only=gateway` does for its
// stream scenario, warms each with WARM 200-chunk burst streams, then runs ROUNDS rounds of PER streams
// per build (the order rotated), and reads each gateway's CPU (user + system, all its threads) from
// /proc over the measured streams. Prints per build the median CPU per chunk over the trials, that of
// its main thread, and its same-trial ratios to the first build (the figure to trust under load).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeServersProcess } from './dist/fake-server-process.js';
import { STREAM_CHUNKS } from './dist/fake-server-protocol.js';
import { callPath, streamCall } from './dist/proxy-calls.js';
import { llmGatewayBenchConfig } from './dist/proxy-process.js';

const builds = process.argv.slice(2);
if (builds.length === 0) throw new Error('usage: node gateway-ab.mjs <checkout> [<checkout> ...]');
const count = (name, fallback) => Number(process.env[name] ?? fallback);
const TRIALS = count('TRIALS', 8);
const WARM = count('WARM', 30);
const ROUNDS = count('ROUNDS', 10);
const PER = count('PER', 5);
const KEY = 'llm_bench_client_key_0123456789abcdef';

/** CPU µs of a process (all threads) or, with `tid`, of one of its threads, from /proc. */
function cpuMicros(pid, tid) {
  const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 1e4;
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const servers = await startFakeServersProcess();

/** The bench's production-like configuration (startLlmGateway's), with the build's own bin. */
async function startGateway(build) {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-ab-'));
  const file = join(dir, 'gateway.yaml');
  writeFileSync(
    file,
    llmGatewayBenchConfig({ apiKey: servers.apiKey, baseUrl: servers.streamBaseUrl }, KEY),
  );
  const stderr = openSync(join(dir, 'stderr.log'), 'w');
  const child = spawn(process.execPath, [join(build, 'apps/gateway/dist/bin.js'), '--config', file], { env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', 'pipe', stderr] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${build}: the gateway exited (${code}): ${readFileSync(join(dir, 'stderr.log'), 'utf8').slice(-2000)}`)));
    child.stdout.on('data', (data) => {
      out += data;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
  });
  return { pid: child.pid, path: callPath(build, { baseUrl: `${url}/v1`, apiKey: KEY }, 'openai:gpt-4o-mini'), stop: () => (child.kill('SIGTERM'), exited.then(() => rmSync(dir, { recursive: true, force: true }))) };
}

const perChunk = builds.map(() => []);
const mainPerChunk = builds.map(() => []);
for (let trial = 0; trial < TRIALS; trial++) {
  const order = builds.map((_, k) => (k + trial) % builds.length);
  const gateways = [];
  for (const i of order) gateways[i] = await startGateway(builds[i]);
  try {
    for (const i of order) for (let n = 0; n < WARM; n++) await streamCall(gateways[i].path);
    const before = gateways.map((g) => [cpuMicros(g.pid), cpuMicros(g.pid, g.pid)]);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < builds.length; k++) {
        const g = gateways[(k + round + trial) % builds.length];
        for (let n = 0; n < PER; n++) await streamCall(g.path);
      }
    }
    const chunks = ROUNDS * PER * STREAM_CHUNKS;
    gateways.forEach((g, i) => {
      perChunk[i].push((cpuMicros(g.pid) - before[i][0]) / chunks);
      mainPerChunk[i].push((cpuMicros(g.pid, g.pid) - before[i][1]) / chunks);
    });
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
  }
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`${TRIALS} trials, ${WARM} warm-up streams, ${ROUNDS}x${PER} measured per build; load average now ${load}`);
builds.forEach((build, i) => {
  const ratios = perChunk[i].map((v, t) => v / perChunk[0][t]);
  console.log(
    `${build}: CPU µs/chunk ${median(perChunk[i]).toFixed(2)} (main thread ${median(mainPerChunk[i]).toFixed(2)}); ÷ the first build, same trial: median ${median(ratios).toFixed(3)}, each ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
  );
});
await servers.close();
