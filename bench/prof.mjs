// Profiles one vendor-streams contender's streams in this process:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof prof.mjs <vendor> <fetch|sdk|ours> [streams]
// (after `pnpm --filter @llm/bench... build`). Prints CPU µs per chunk; the .cpuprofile shows where it goes.
import { startFakeServersProcess } from './dist/fake-server-process.js';
import { vendorCall } from './dist/vendor-paths.js';
const [vendor = 'openai', path = 'ours', count = '400'] = process.argv.slice(2);
const servers = await startFakeServersProcess();
const { apiKey, streamBaseUrl } = servers.vendors[vendor];
const call = vendorCall(vendor, path, streamBaseUrl, apiKey);
for (let i = 0; i < 300; i++) await call.stream();
const n = Number(count);
const t = process.cpuUsage();
let chunks = 0;
for (let i = 0; i < n; i++) chunks += (await call.stream()).chunks;
const d = process.cpuUsage(t);
console.log(vendor, path, ((d.user + d.system) / chunks).toFixed(2), 'µs/chunk');
await servers.close();
process.exit(0);
