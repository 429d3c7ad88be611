// Two or more llm-gateway builds side by side, in the gateway case's own shape, for A/B work on a busy
// machine (after `pnpm --filter @llm/bench... build` here; a build is a checkout with its packages built):
//   node gateway-ab.mjs <checkout A> <checkout B> ...      env: MODE (stream), TRIALS (8), WARM (30), ROUNDS (10), PER (5)
// Each trial starts every build's gateway fresh (the order rotated), as `--only=gateway` does for its
// stream scenario, warms each with WARM calls, then runs ROUNDS rounds of PER calls per build (the
// order rotated), and reads each gateway's CPU (user + system, all its threads) from /proc over the
// measured calls. MODE=stream: 200-chunk burst streams, CPU per chunk; MODE=json: non-streaming calls
// (the gateway case's JSON upstream; use PER=50 or so), CPU per request. Prints per build the median
// CPU per unit over the trials, that of its main thread, and its same-trial ratios to the first build
// (the figure to trust under load).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeServersProcess } from './dist/fake-server-process.js';
import { STREAM_CHUNKS } from './dist/fake-server-protocol.js';
import { callPath, jsonCall, streamCall } from './dist/proxy-calls.js';
import { llmGatewayBenchConfig } from './dist/proxy-process.js';

const builds = process.argv.slice(2);
if (builds.length === 0) throw new Error('usage: node gateway-ab.mjs <checkout> [<checkout> ...]');
const count = (name, fallback) => Number(process.env[name] ?? fallback);
const TRIALS = count('TRIALS', 8);
const WARM = count('WARM', 30);
const ROUNDS = count('ROUNDS', 10);
const PER = count('PER', 5);
const KEY = 'llm_bench_client_key_0123456789abcdef';
const MODE = process.env.MODE ?? 'stream';
if (MODE !== 'stream' && MODE !== 'json') throw new Error(`MODE must be stream or json, not ${MODE}`);
const call = MODE === 'json' ? jsonCall : streamCall;
/** What CPU is divided by: the chunks of a stream, or one request. */
const UNITS = MODE === 'json' ? 1 : STREAM_CHUNKS;
const UNIT = MODE === 'json' ? 'request' : 'chunk';

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
    llmGatewayBenchConfig({ apiKey: servers.apiKey, baseUrl: MODE === 'json' ? servers.jsonBaseUrl : servers.streamBaseUrl }, KEY),
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

const perUnit = builds.map(() => []);
const mainPerUnit = builds.map(() => []);
for (let trial = 0; trial < TRIALS; trial++) {
  const order = builds.map((_, k) => (k + trial) % builds.length);
  const gateways = [];
  for (const i of order) gateways[i] = await startGateway(builds[i]);
  try {
    for (const i of order) for (let n = 0; n < WARM; n++) await call(gateways[i].path);
    const before = gateways.map((g) => [cpuMicros(g.pid), cpuMicros(g.pid, g.pid)]);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < builds.length; k++) {
        const g = gateways[(k + round + trial) % builds.length];
        for (let n = 0; n < PER; n++) await call(g.path);
      }
    }
    const units = ROUNDS * PER * UNITS;
    gateways.forEach((g, i) => {
      perUnit[i].push((cpuMicros(g.pid) - before[i][0]) / units);
      mainPerUnit[i].push((cpuMicros(g.pid, g.pid) - before[i][1]) / units);
    });
  } finally {
    await Promise.all(gateways.map((g) => g.stop()));
  }
}
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`MODE=${MODE}: ${TRIALS} trials, ${WARM} warm-up calls, ${ROUNDS}x${PER} measured per build; load average now ${load}`);
builds.forEach((build, i) => {
  const ratios = perUnit[i].map((v, t) => v / perUnit[0][t]);
  console.log(
    `${build}: CPU µs/${UNIT} ${median(perUnit[i]).toFixed(2)} (main thread ${median(mainPerUnit[i]).toFixed(2)}); ÷ the first build, same trial: median ${median(ratios).toFixed(3)}, each ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
  );
});
await servers.close();
