// Loaded into llm-gateway with `node --import` by gateway-request-window.mjs and
// gateway-first-chunk-stamps.mjs: stamps each request with process.hrtime (µs, CLOCK_MONOTONIC, the
// clock the client reads too) at its `request` event (`arrived`), its upstream `http.request`
// (`upstream`), the upstream reply's headers and first body data (`upstreamHeaders`,
// `upstreamData`), and the gateway's own `writeHead` and first `write` to the client (`headers`,
// `firstWrite`), and writes them to $STAMPS_FILE when the process gets SIGTERM.
import http from 'node:http';
import { writeFileSync } from 'node:fs';

const now = () => Number(process.hrtime.bigint() / 1000n);
const rows = [];
let current;
const request = http.request;
http.request = function (...args) {
  const row = current;
  if (row && row.upstream === undefined) row.upstream = now();
  const req = request.apply(this, args);
  if (row) {
    req.once('response', (res) => {
      row.upstreamHeaders = now();
      res.once('data', () => {
        row.upstreamData = now();
      });
    });
  }
  return req;
};
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') {
    current = { arrived: now() };
    rows.push(current);
    stamped.set(args[1], current);
  }
  return emit.call(this, event, ...args);
};
const stamped = new WeakMap();
const writeHead = http.ServerResponse.prototype.writeHead;
http.ServerResponse.prototype.writeHead = function (...args) {
  const row = stamped.get(this);
  if (row && row.headers === undefined) row.headers = now();
  return writeHead.apply(this, args);
};
const write = http.ServerResponse.prototype.write;
http.ServerResponse.prototype.write = function (...args) {
  const row = stamped.get(this);
  if (row && row.firstWrite === undefined) row.firstWrite = now();
  return write.apply(this, args);
};
process.once('SIGTERM', () => {
  writeFileSync(process.env.STAMPS_FILE, JSON.stringify(rows));
  process.exit(0);
});
