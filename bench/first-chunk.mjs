// Time to the first text delta (wall ms, median) and CPU per stream, for one vendor's sdk and ours.
//   node first-chunk.mjs <vendor> [streams]
import { vendorCall } from './dist/vendor-paths.js';
import { startVendorServersProcess } from './dist/vendor-servers-process.js';
const [vendor = 'anthropic', count = '300'] = process.argv.slice(2);
const servers = await startVendorServersProcess();
const { apiKey, streamBaseUrl } = servers.vendors[vendor];
const paths = ['sdk', 'ours'];
const calls = Object.fromEntries(paths.map((p) => [p, vendorCall(vendor, p, streamBaseUrl, apiKey)]));
for (let i = 0; i < 300; i++) for (const p of paths) await calls[p].stream();
const firsts = { sdk: [], ours: [] };
const cpu = { sdk: 0, ours: 0 };
for (let i = 0; i < Number(count); i++) for (const p of i % 2 ? paths : [...paths].reverse()) {
  const t = process.cpuUsage();
  firsts[p].push((await calls[p].stream()).firstMs);
  const d = process.cpuUsage(t);
  cpu[p] += d.user + d.system;
}
const med = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
console.log(vendor, paths.map((p) => `${p} 1st ${med(firsts[p]).toFixed(3)} ms, ${(cpu[p] / Number(count) / 200).toFixed(2)} µs/chunk`).join('  '), `Δ ${(med(firsts.ours) - med(firsts.sdk)).toFixed(3)} ms`);
await servers.close();
process.exit(0);
