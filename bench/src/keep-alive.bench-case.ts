import type { BenchCase } from './bench-case.js';
import { chatCounts } from './bench-case.js';
import { interleave } from './cpu.js';
import { jsonContender, PATH_LABELS } from './openai-contenders.js';
import { fixed, formatTable } from './table.js';
import { pairedRatio } from './verdict.js';

/**
 * A fetch that asks for the connection to be closed after each reply: Node's bundled undici
 * honours `connection: close` by not returning the socket to its pool, so every request
 * opens a new TCP connection.
 */
export const noKeepAliveFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('connection', 'close');
  return fetch(input, { ...init, headers });
};

/** Non-streaming CPU per request with keep-alive on (Node's default) and off, raw SDK and ours. */
export const keepAliveCase: BenchCase = {
  name: 'keep-alive',
  title: 'Keep-alive on vs off: non-streaming CPU per request (client process)',
  async run(ctx) {
    const { json } = chatCounts(ctx.quick);
    const counts = { warmup: Math.ceil(json.warmup / 4), rounds: json.rounds, perBlock: Math.ceil(json.perBlock / 2) };
    const { apiKey, jsonBaseUrl: baseUrl } = ctx.servers;
    const contenders = [
      jsonContender('raw', { apiKey, baseUrl }, `${PATH_LABELS.raw}, keep-alive on`),
      jsonContender('bare', { apiKey, baseUrl }, `${PATH_LABELS.bare}, keep-alive on`),
      jsonContender('raw', { apiKey, baseUrl, fetch: noKeepAliveFetch }, `${PATH_LABELS.raw}, keep-alive off`),
      jsonContender('bare', { apiKey, baseUrl, fetch: noKeepAliveFetch }, `${PATH_LABELS.bare}, keep-alive off`),
    ];
    for (const c of contenders) await c.verify();
    const [rawOn, bareOn, rawOff, bareOff] = await interleave(contenders, counts);
    ctx.log(`${rawOn!.calls} requests per path; 'off' sends connection: close, so each request opens a new TCP connection.`);
    ctx.log(
      formatTable([
        ['path', 'CPU µs/request', 'ours/raw', 'off/on'],
        [rawOn!.name, fixed(rawOn!.cpuPerCall), '1.00', ''],
        [bareOn!.name, fixed(bareOn!.cpuPerCall), fixed(pairedRatio(bareOn!, rawOn!), 2), ''],
        [rawOff!.name, fixed(rawOff!.cpuPerCall), '1.00', fixed(pairedRatio(rawOff!, rawOn!), 2)],
        [bareOff!.name, fixed(bareOff!.cpuPerCall), fixed(pairedRatio(bareOff!, rawOff!), 2), fixed(pairedRatio(bareOff!, bareOn!), 2)],
      ]),
    );
  },
};
