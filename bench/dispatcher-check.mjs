// Which transport the providers' default fetch (`vendorFetch` of @llm/core) takes, and which one
// really sends, with each kind of process-wide undici dispatcher, on Node 20.19, 22 and 24:
//   node dispatcher-check.mjs [node versions...]     (from bench/, after `pnpm --filter @llm/bench... build`)
// The Node binaries come from the npm registry as tooling/release-check gets them (cached in the
// same folder). Exits 1 when a row is not as expected.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.argv[2] !== '--child') {
  const { nodeBinary } = await import('../tooling/release-check/node-binaries.mjs');
  const cache = process.env.LLM_RELEASE_CHECK_CACHE ?? join(tmpdir(), 'llm-release-check-cache');
  let failed = false;
  for (const spec of process.argv.length > 2 ? process.argv.slice(2) : ['20.19.0', '22', '24']) {
    const { bin } = nodeBinary(spec, cache);
    try {
      execFileSync(bin, [fileURLToPath(import.meta.url), '--child'], { stdio: 'inherit' });
    } catch {
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

const { vendorFetch, vendorTransport } = await import('@llm/core');
// undici is a devDependency of @llm/core (its tests set dispatchers too).
const { Agent, MockAgent, ProxyAgent, setGlobalDispatcher } = createRequire(import.meta.resolve('@llm/core'))('undici');
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const server = http.createServer((req, res) => res.end(req.headers['sec-fetch-mode'] === 'cors' ? 'fetch' : 'node-http'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;
/** Which transport sent a request of the default fetch (Node's fetch adds `sec-fetch-mode: cors`). */
const sentBy = async () => (await vendorFetch({}, 'p')(url, { method: 'POST', body: '{}' })).text();
const rows = [];
async function expectTransport(label, expected, send = true) {
  const chosen = vendorTransport();
  const sent = send ? await sentBy() : '-';
  rows.push({ dispatcher: label, expected, chosen, sent, ok: chosen === expected && (!send || sent === expected) });
}

await expectTransport('none', 'node-http');
await (await fetch(url)).text();
const own = globalThis[GLOBAL_DISPATCHER];
await expectTransport(`Node's own, after a fetch (${own?.constructor?.name})`, 'node-http');
globalThis[GLOBAL_DISPATCHER] = new own.constructor({ connect: { timeout: 5000 } });
await expectTransport("Node's bundled Agent with connect options", 'fetch');
setGlobalDispatcher(new Agent());
await expectTransport('undici Agent(), no options', 'node-http');
setGlobalDispatcher(new Agent({ connect: { rejectUnauthorized: false } }));
await expectTransport('undici Agent with TLS options', 'fetch');
setGlobalDispatcher(new Agent({ keepAliveTimeout: 1000 }));
await expectTransport('undici Agent with keepAliveTimeout', 'fetch');
const mock = new MockAgent();
mock.enableNetConnect();
setGlobalDispatcher(mock);
await expectTransport('undici MockAgent (net connect on)', 'fetch');
setGlobalDispatcher(new ProxyAgent('http://127.0.0.1:9'));
await expectTransport('undici ProxyAgent (not sent)', 'fetch', false);
console.log(`Node ${process.version}, bundled undici ${process.versions.undici}`);
console.table(rows);
server.close();
process.exit(rows.every((row) => row.ok) ? 0 : 1);
