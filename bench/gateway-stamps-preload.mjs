// Loaded into llm-gateway with `node --import` by gateway-request-window.mjs: stamps each request's
// `request` event and its upstream `http.request` with process.hrtime (CLOCK_MONOTONIC, the clock
// the client reads too) and writes them to $STAMPS_FILE when the process gets SIGTERM.
import http from 'node:http';
import { writeFileSync } from 'node:fs';

const now = () => Number(process.hrtime.bigint() / 1000n);
const rows = [];
let current;
const request = http.request;
http.request = function (...args) {
  if (current && current.upstream === undefined) current.upstream = now();
  return request.apply(this, args);
};
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') rows.push((current = { arrived: now() }));
  return emit.call(this, event, ...args);
};
process.once('SIGTERM', () => {
  writeFileSync(process.env.STAMPS_FILE, JSON.stringify(rows));
  process.exit(0);
});
