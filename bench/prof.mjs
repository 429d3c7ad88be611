// Profiles one vendor-streams contender's streams (after a 300-stream warm-up) in this process:
//   node prof.mjs <vendor> <fetch|sdk|ours> [streams] [out.cpuprofile]
// (after `pnpm --filter @llm/bench... build`). Prints CPU µs per chunk; the profile (measured streams
// only, not start-up or warm-up) shows where it goes: open it in Chrome DevTools or speedscope.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { startVendorServersProcess } from './dist/vendor-servers-process.js';
import { vendorCall } from './dist/vendor-paths.js';
const [vendor = 'openai', path = 'ours', count = '400', out = `${vendor}-${path}.cpuprofile`] = process.argv.slice(2);
const servers = await startVendorServersProcess();
const { apiKey, streamBaseUrl } = servers.vendors[vendor];
const call = vendorCall(vendor, path, streamBaseUrl, apiKey);
for (let i = 0; i < 300; i++) await call.stream();
const n = Number(count);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const t = process.cpuUsage();
let chunks = 0;
for (let i = 0; i < n; i++) chunks += (await call.stream()).chunks;
const d = process.cpuUsage(t);
const { profile } = await session.post('Profiler.stop');
writeFileSync(out, JSON.stringify(profile));
console.log(vendor, path, ((d.user + d.system) / chunks).toFixed(2), 'µs/chunk');
await servers.close();
process.exit(0);
