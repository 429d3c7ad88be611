import nodeHttp, { type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeHttpFetch, type NodeHttpFetch } from './node-http-fetch.js';
import { closeServer, serve, until } from './recording-server.test-util.js';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './self-signed.test-util.js';

describe('createNodeHttpFetch', () => {
  let server: Server | undefined;
  let http: NodeHttpFetch | undefined;
  afterEach(async () => {
    http?.close();
    const running = server;
    server = undefined;
    await closeServer(running);
  });

  it('sends the method, headers and body in one read, and answers with status, headers and body', async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end('{"ok":true}');
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/v1/chat?x=1`, { method: 'POST', redirect: 'manual', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: '{"model":"m","é":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req_1');
    expect(await response.json()).toEqual({ ok: true });
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0]).toMatchObject({ method: 'POST', url: '/v1/chat?x=1', body: '{"model":"m","é":1}', reads: 1 });
    expect(s.seen[0]!.headers).toMatchObject({ authorization: 'Bearer k', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength('{"model":"m","é":1}')) });
  });

  it('reuses the connection for the next call', async () => {
    const s = await serve((_seen, res) => res.end('x'));
    server = s.server;
    http = createNodeHttpFetch();
    for (let i = 0; i < 3; i++) await (await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: 'b' })).text();
    expect(new Set(s.seen.map((x) => x.remotePort)).size).toBe(1);
  });

  it('streams the body as it arrives, each write a chunk the reader gets before the reply ends', async () => {
    let next: (() => void) | undefined;
    const s = await serve((_seen, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
      next = () => res.end('data: 2\n\n');
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}' });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('data: 1\n\n');
    next!();
    expect(decoder.decode((await reader.read()).value)).toBe('data: 2\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  const events = Array.from({ length: 200 }, (_, i) => `data: {"i":${i}}\n\n`);
  /**
   * A reply of 200 events as 200 chunks in one socket write: one socket read for the client, 200 pieces
   * from its HTTP parser. Written raw: Node 24's server joins the writes of one turn into one chunk.
   */
  async function burst(): Promise<ReadableStreamDefaultReader<Uint8Array>> {
    const s = await serve((_seen, res) => {
      const chunks = events.map((event) => `${Buffer.byteLength(event).toString(16)}\r\n${event}\r\n`).join('');
      res.socket!.end(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n${chunks}0\r\n\r\n`);
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}' });
    return response.body!.getReader();
  }

  it('hands on the events of one burst as few chunks, every byte in order', async () => {
    const reader = await burst();
    const decoder = new TextDecoder();
    let text = '';
    let reads = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      reads++;
      text += decoder.decode(r.value, { stream: true });
    }
    expect(text).toBe(events.join(''));
    expect(reads).toBeLessThan(20);
  });

  it('hands on the first four pieces of a burst alone, so that the first events are read before the rest is joined', async () => {
    const reader = await burst();
    const decoder = new TextDecoder();
    const firsts: string[] = [];
    for (let i = 0; i < 4; i++) firsts.push(decoder.decode((await reader.read()).value));
    expect(firsts).toEqual(events.slice(0, 4));
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value, { stream: true });
    expect(rest).toBe(events.slice(4).join(''));
  });

  it('stops reading the socket while the reader is behind, and hands on every byte once it reads', async () => {
    const piece = Buffer.alloc(64 * 1024, 'x');
    const pieces = 128; // 8 MB: more than the socket buffers hold
    const s = await serve((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const more = (): void => {
        while (sent < pieces) {
          sent++;
          if (!res.write(piece)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    server = s.server;
    const agents = { http: new nodeHttp.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    http = createNodeHttpFetch({ agents });
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}' });
    const socket = Object.values(agents.http.sockets).flat()[0]!;
    const reader = response.body!.getReader();
    let bytes = (await reader.read()).value!.byteLength;
    await until(() => socket.isPaused());
    for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
    expect(bytes).toBe(pieces * piece.byteLength);
  });

  it('decodes a gzip reply as fetch does', async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
      res.end(gzipSync('{"zipped":true}'));
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/`, { method: 'GET', redirect: 'manual', headers: { 'accept-encoding': 'gzip' } });
    expect(await response.json()).toEqual({ zipped: true });
  });

  it('decodes a gzip stream of many pieces, every byte in order', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `data: {"i":${i},"text":"${'é'.repeat(i % 40)}"}\n\n`).join('');
    const zipped = gzipSync(text);
    const s = await serve((_seen, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/event-stream' });
      for (let at = 0; at < zipped.length; at += 1000) res.write(zipped.subarray(at, at + 1000));
      res.end();
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}' });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let got = '';
    let reads = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      reads++;
      got += decoder.decode(r.value, { stream: true });
    }
    expect(got).toBe(text);
    expect(reads).toBeGreaterThan(4);
  });

  it('returns a redirect as it came (redirect: manual)', async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(307, { location: '/elsewhere' });
      res.end();
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/elsewhere');
  });

  it('fails an unreachable server as fetch does: TypeError "fetch failed" with the socket error as cause', async () => {
    const s = await serve((_seen, res) => res.end());
    const base = s.base;
    await new Promise((resolve) => s.server.close(resolve));
    http = createNodeHttpFetch();
    const err: unknown = await http.fetch(`${base}/`, { method: 'POST', redirect: 'manual', body: '{}' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('fetch failed');
    expect(((err as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('an abort before the reply rejects with the signal’s reason and closes the request', async () => {
    const s = await serve(() => undefined); // never answers
    server = s.server;
    http = createNodeHttpFetch();
    const abort = new AbortController();
    const pending = http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}', signal: abort.signal });
    await until(() => s.seen.length === 1);
    abort.abort();
    const err: unknown = await pending.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    await s.closed[0];
  });

  it('an abort while the body streams fails the reader with the signal’s reason and closes the connection', async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n'); // then stalls
    });
    server = s.server;
    http = createNodeHttpFetch();
    const abort = new AbortController();
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}', signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read();
    const pending = reader.read();
    abort.abort(new DOMException('stop', 'AbortError'));
    const err: unknown = await pending.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    await s.closed[0];
  });

  it('cancelling the body closes the connection (the caller left the stream)', async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}' });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await s.closed[0];
  });

  it('a body cut short fails the reader with TypeError "terminated", as fetch does', async () => {
    const s = await serve((_seen, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/`, { method: 'POST', redirect: 'manual', body: '{}' });
    const err: unknown = await response.text().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as TypeError).message).toBe('terminated');
  });

  it('hands what it does not cover to Node’s fetch (redirects followed for the caller)', async () => {
    const s = await serve((seen, res) => {
      if (seen.url === '/start') {
        res.writeHead(302, { location: '/end' });
        res.end();
      } else res.end(`at ${seen.url}`);
    });
    server = s.server;
    http = createNodeHttpFetch();
    const response = await http.fetch(`${s.base}/start`);
    expect(await response.text()).toBe('at /end');
  });

  it('speaks TLS to an https URL through the https agent it was given', async () => {
    const tls = https.createServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ encrypted: (req.socket as { encrypted?: boolean }).encrypted === true, url: req.url }));
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const agents = { http: new nodeHttp.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, ca: SELF_SIGNED_CERT }) };
    http = createNodeHttpFetch({ agents });
    try {
      const response = await http.fetch(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/v1?q=1`, { method: 'POST', redirect: 'manual', body: '{}' });
      expect(await response.json()).toEqual({ encrypted: true, url: '/v1?q=1' });
      expect(Object.values(agents.https.freeSockets).flat()).toHaveLength(1);
    } finally {
      http.close();
      await until(() => Object.values(agents.https.freeSockets).flat().length === 0);
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    }
  });
});
