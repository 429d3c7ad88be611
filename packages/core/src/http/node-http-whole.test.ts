import { getEventListeners } from 'node:events';
import type { Server, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch, type NodeHttpFetch } from './node-http-fetch.js';
import { wholeOverFetch, type SendWhole } from './whole-reply.js';
import { closeServer, serve, until } from './recording-server.test-util.js';

describe('createNodeHttpFetch: whole', () => {
  let server: Server | undefined;
  let http: NodeHttpFetch | undefined;
  afterEach(async () => {
    http?.close();
    const running = server;
    server = undefined;
    await closeServer(running);
  });

  async function start(reply: Parameters<typeof serve>[0]) {
    const s = await serve(reply);
    server = s.server;
    http = createNodeHttpFetch();
    return s;
  }

  it('sends method, headers and body in one read, and reads status, headers (as they came) and body', async () => {
    const s = await start((_seen, res) => {
      res.writeHead(201, 'Made', [['Content-Type', 'application/json'], ['X-Request-Id', 'req_1'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
      res.end('{"ok":"é"}');
    });
    const body = '{"model":"m","é":1}';
    const reply = await http!.whole(`${s.base}/v1/chat?x=1`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body });
    expect(reply).toMatchObject({ status: 201, statusText: 'Made', body: '{"ok":"é"}' });
    expect(reply.headers.get('x-request-id')).toBe('req_1');
    expect(reply.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0]).toMatchObject({ method: 'POST', url: '/v1/chat?x=1', body, reads: 1 });
    expect(s.seen[0]!.headers).toMatchObject({ authorization: 'Bearer k', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  });

  it('decodes the body as Response.text() does: gzip, a byte order mark dropped, a bad byte as U+FFFD, many pieces joined', async () => {
    const text = 'x'.repeat(100_000) + 'é';
    const s = await start((seen, res) => {
      if (seen.url === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(gzipSync(text));
      } else if (seen.url === '/bom') res.end(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62]));
      else {
        res.write('a');
        res.write('é');
        res.end(text);
      }
    });
    expect((await http!.whole(`${s.base}/gzip`, { method: 'POST', headers: {}, body: '{}' })).body).toBe(text);
    expect((await http!.whole(`${s.base}/bom`, { method: 'POST', headers: {}, body: '{}' })).body).toBe(await new Response(Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62])).text());
    expect((await http!.whole(`${s.base}/bom`, { method: 'POST', headers: {}, body: '{}' })).body).toBe('a\ufffdb');
    expect((await http!.whole(`${s.base}/pieces`, { method: 'POST', headers: {}, body: '{}' })).body).toBe(`aé${text}`);
  });

  it('reuses the connection for the next call', async () => {
    const s = await start((_seen, res) => res.end('x'));
    for (let i = 0; i < 3; i++) await http!.whole(`${s.base}/`, { method: 'POST', headers: {}, body: 'b' });
    expect(new Set(s.seen.map((x) => x.remotePort)).size).toBe(1);
  });

  it('returns a redirect as it came', async () => {
    const s = await start((_seen, res) => {
      res.writeHead(307, { location: '/elsewhere' });
      res.end();
    });
    const reply = await http!.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}' });
    expect(reply.status).toBe(307);
    expect(reply.headers.get('location')).toBe('/elsewhere');
  });

  it('fails an unreachable server with TypeError "fetch failed", the socket error as cause', async () => {
    const s = await serve((_seen, res) => res.end());
    await new Promise((resolve) => s.server.close(resolve));
    http = createNodeHttpFetch();
    const err: unknown = await http.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('fetch failed');
    expect(((err as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('an abort before the reply rejects with the signal’s reason and closes the request; an aborted signal sends nothing', async () => {
    const s = await start(() => undefined); // never answers
    const abort = new AbortController();
    const pending = http!.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}', signal: abort.signal });
    await until(() => s.seen.length === 1);
    abort.abort(new DOMException('stop', 'AbortError'));
    const err: unknown = await pending.catch((e: unknown) => e);
    expect((err as Error).message).toBe('stop');
    await s.closed[0];
    const again: unknown = await http!.whole(`${s.base}/`, { method: 'POST', headers: {}, signal: abort.signal }).catch((e: unknown) => e);
    expect((again as Error).message).toBe('stop');
    expect(s.seen).toHaveLength(1);
  });

  it('an abort while the body is read rejects with the signal’s reason and closes the connection', async () => {
    const s = await start((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":'); // then stalls
    });
    const abort = new AbortController();
    const pending = http!.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}', signal: abort.signal });
    await until(() => s.seen.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    abort.abort(new DOMException('stop', 'AbortError'));
    const err: unknown = await pending.catch((e: unknown) => e);
    expect((err as Error).message).toBe('stop');
    await s.closed[0];
  });

  it('lets go of the signal once the reply is read (a shared signal collects no listener per call)', async () => {
    const s = await start((_seen, res) => res.end('{}'));
    const abort = new AbortController();
    for (let i = 0; i < 5; i++) await http!.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}', signal: abort.signal });
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('a body cut short fails with TypeError "terminated", as fetch does', async () => {
    const s = await start((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const err: unknown = await http!.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('terminated');
  });
});

describe.each([
  ['node:http', (http: NodeHttpFetch): SendWhole => http.whole],
  ['fetch', (http: NodeHttpFetch): SendWhole => wholeOverFetch(http.fetch)],
] as const)('whole over %s: timeoutMs', (_, sender) => {
  let server: Server | undefined;
  let http: NodeHttpFetch | undefined;
  afterEach(async () => {
    http?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function start(reply: Parameters<typeof serve>[0]) {
    const s = await serve(reply);
    server = s.server;
    http = createNodeHttpFetch();
    return { ...s, whole: sender(http) };
  }

  it.each([
    ['before the reply', () => undefined],
    ['while the body is read', (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    }],
  ] as const)('a reply that stalls %s fails with a TimeoutError once timeoutMs is over, and the request is closed', async (_when, stall) => {
    const s = await start((_seen, res) => stall(res));
    const started = performance.now();
    const err: unknown = await s.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}', timeoutMs: 80 }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
    await s.closed[0];
  });

  it('a reply in time is read as it is, and the caller’s abort is still its own reason (not a timeout)', async () => {
    const s = await start((seen, res) => (seen.url === '/late' ? undefined : res.end('ok')));
    expect((await s.whole(`${s.base}/`, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5_000 })).body).toBe('ok');
    const abort = new AbortController();
    const pending = s.whole(`${s.base}/late`, { method: 'POST', headers: {}, body: '{}', timeoutMs: 5_000, signal: abort.signal });
    await until(() => s.seen.length === 2);
    abort.abort(new DOMException('stop', 'AbortError'));
    const err: unknown = await pending.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });
});

describe('createNodeHttpFetch: request headers', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends plain headers as Headers would make them: names in lower case, a name given twice joined (padding is the parser’s to strip either way)', async () => {
    const s = await serve((_seen, res) => res.end());
    server = s.server;
    const { fetch, whole, close } = createNodeHttpFetch();
    const given: Record<string, string>[] = [
      { 'X-One': 'a', 'content-type': 'application/json' },
      { 'X-Twice': 'a', 'x-twice': 'b' },
      { 'x-padded': '  v  ' },
    ];
    for (const headers of given) {
      await (await fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', headers, body: '{}' })).text();
      await whole(`${s.base}/`, { method: 'POST', headers, body: '{}' });
    }
    close();
    const sent = s.seen.map((x) => Object.fromEntries(Object.entries(x.headers).filter(([name]) => name.startsWith('x-') || name === 'content-type')));
    expect(sent).toEqual([
      { 'x-one': 'a', 'content-type': 'application/json' },
      { 'x-one': 'a', 'content-type': 'application/json' },
      { 'x-twice': 'a, b' },
      { 'x-twice': 'a, b' },
      { 'x-padded': 'v' },
      { 'x-padded': 'v' },
    ]);
  });

  it('refuses a header fetch refuses (a line break in a value) with a TypeError, sending nothing', async () => {
    const s = await serve((_seen, res) => res.end());
    server = s.server;
    const { fetch, whole, close } = createNodeHttpFetch();
    await expect(fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', headers: { 'x-bad': 'a\r\nb: c' }, body: '{}' })).rejects.toBeInstanceOf(TypeError);
    await expect(whole(`${s.base}/`, { method: 'POST', headers: { 'x-bad': 'a\r\nb: c' }, body: '{}' })).rejects.toBeInstanceOf(TypeError);
    close();
    expect(s.seen).toHaveLength(0);
  });
});
