import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialSafeFetch } from './credential-safe-fetch.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('credentialSafeFetch', () => {
  let server: Server;
  let origin: string;
  const seen: Seen[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const path = req.url ?? '/';
        if (path === '/moved') res.writeHead(307, { location: '/here' }).end();
        else if (path === '/see-other') res.writeHead(303, { location: '/here' }).end();
        else if (path.startsWith('/loop')) res.writeHead(302, { location: '/loop' }).end();
        else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const safe = credentialSafeFetch((input, init) => fetch(input, init));
  const init = () => ({ method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'AIza-secret', 'x-team': 'blue' } });

  it('follows a redirect within the origin with the credentials, method and body', async () => {
    seen.length = 0;
    const res = await safe(`${origin}/moved`, init());
    expect(await res.text()).toBe('ok');
    expect(seen.map((s) => [s.method, s.path, s.headers['x-goog-api-key'], s.body])).toEqual([
      ['POST', '/moved', 'AIza-secret', '{"a":1}'],
      ['POST', '/here', 'AIza-secret', '{"a":1}'],
    ]);
  });

  it('turns a 303 into a GET without a body, as fetch does', async () => {
    seen.length = 0;
    await (await safe(`${origin}/see-other`, init())).text();
    expect(seen[1]).toMatchObject({ method: 'GET', path: '/here', body: '' });
    expect(seen[1]!.headers['content-type']).toBeUndefined();
  });

  it('gives up after 20 redirects with an LLMError', async () => {
    await expect(safe(`${origin}/loop`, init())).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/more than 20 times/) });
  });
});
