import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { LLMError } from '@llm/errors';
import { Agent, getGlobalDispatcher, MockAgent, setGlobalDispatcher, type Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serve, until, type Seen } from './recording-server.test-util.js';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './self-signed.test-util.js';
import { createNodeHttpFetch } from './node-http-fetch.js';
import { routedAsProvidersWould, vendorFetch, vendorSend, vendorTransport, type VendorTransport } from './vendor-fetch.js';
import { pairWhole, type SendWhole } from './whole-reply.js';

/** Node's fetch (undici) adds `sec-fetch-mode: cors` to every request; node:http never does. */
const sentBy = (seen: Seen): VendorTransport => (seen.headers['sec-fetch-mode'] === 'cors' ? 'fetch' : 'node-http');

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];

describe('vendorFetch', () => {
  const closing: (() => Promise<void>)[] = [];
  beforeEach(() => {
    // A CI box may set them: each test sets what it needs.
    for (const name of PROXY_VARIABLES) vi.stubEnv(name, undefined);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    for (const close of closing.splice(0)) await close();
  });

  async function server() {
    const s = await serve((seen, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: seen.url }));
    });
    closing.push(async () => {
      s.server.closeAllConnections();
      await new Promise((resolve) => s.server.close(resolve));
    });
    return s;
  }

  const post = (f: typeof fetch, url: string) => f(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: '{}' }).then((r) => r.json());

  it('sends over node:http by default, and over Node’s fetch with transport "fetch"', async () => {
    const s = await server();
    expect(vendorTransport()).toBe('node-http');
    expect(await post(vendorFetch({}, 'p'), `${s.base}/a`)).toEqual({ path: '/a' });
    expect(await post(vendorFetch({ transport: 'fetch' }, 'p'), `${s.base}/b`)).toEqual({ path: '/b' });
    expect(await post(vendorFetch({ transport: 'node-http' }, 'p'), `${s.base}/c`)).toEqual({ path: '/c' });
    expect(s.seen.map(sentBy)).toEqual(['node-http', 'fetch', 'node-http']);
  });

  it('keeps node:http once Node’s fetch has installed its own dispatcher', async () => {
    const s = await server();
    await (await fetch(`${s.base}/warm`)).text();
    expect(vendorTransport()).toBe('node-http');
    await post(vendorFetch({}, 'p'), `${s.base}/a`);
    expect(s.seen.map(sentBy)).toEqual(['fetch', 'node-http']);
  });

  it('uses a caller’s fetch as given, under the redirect guard', async () => {
    const s = await server();
    const own = vi.fn<typeof fetch>((input, init) => fetch(input, init));
    expect(await post(vendorFetch({ fetch: own }, 'p'), `${s.base}/own`)).toEqual({ path: '/own' });
    expect(own).toHaveBeenCalledTimes(1);
    expect(own.mock.calls[0]![0]).toBe(`${s.base}/own`);
    expect(own.mock.calls[0]![1]).toMatchObject({ method: 'POST', redirect: 'manual' });
    expect(s.seen.map(sentBy)).toEqual(['fetch']);
  });

  it('keeps fetch while a proxy is set in the environment (any of the variables, any case)', async () => {
    const s = await server();
    for (const name of PROXY_VARIABLES) {
      vi.stubEnv(name, name.toLowerCase().startsWith('no') ? '127.0.0.1' : 'http://127.0.0.1:9');
      expect([name, vendorTransport()]).toEqual([name, 'fetch']);
      vi.stubEnv(name, undefined);
      expect([name, vendorTransport()]).toEqual([name, 'node-http']);
    }
    vi.stubEnv('HTTPS_PROXY', '');
    expect(vendorTransport()).toBe('node-http');
    vi.stubEnv('NO_PROXY', '127.0.0.1');
    const automatic = vendorFetch({}, 'p');
    await post(automatic, `${s.base}/proxied`);
    // Forcing node:http wins over the environment.
    await post(vendorFetch({ transport: 'node-http' }, 'p'), `${s.base}/forced`);
    vi.stubEnv('NO_PROXY', undefined);
    // Decided per request: the same fetch goes back to node:http.
    await post(automatic, `${s.base}/direct`);
    expect(s.seen.map(sentBy)).toEqual(['fetch', 'node-http', 'node-http']);
  });

  describe('with a process-wide undici dispatcher', () => {
    let previous: Dispatcher | undefined;
    const choose = (dispatcher: Dispatcher) => {
      previous ??= getGlobalDispatcher();
      setGlobalDispatcher(dispatcher);
      closing.push(() => dispatcher.close());
    };
    afterEach(() => {
      if (previous) setGlobalDispatcher(previous);
      previous = undefined;
    });

    it('routes through a MockAgent (the request never reaches the network)', async () => {
      const s = await server();
      const mock = new MockAgent();
      mock.disableNetConnect();
      mock.get(s.base).intercept({ path: '/mocked', method: 'POST' }).reply(200, { path: 'from the mock' });
      choose(mock);
      expect(vendorTransport()).toBe('fetch');
      expect(await post(vendorFetch({}, 'p'), `${s.base}/mocked`)).toEqual({ path: 'from the mock' });
      expect(s.seen).toHaveLength(0);
    });

    it('routes through an Agent with options of its own (TLS, timeouts)', async () => {
      const s = await server();
      choose(new Agent({ connect: { timeout: 10_000 } }));
      expect(vendorTransport()).toBe('fetch');
      await post(vendorFetch({}, 'p'), `${s.base}/agent`);
      expect(s.seen.map(sentBy)).toEqual(['fetch']);
    });

    it('keeps node:http with the plain Agent Node 24 installs by itself (undici 7 keeps its default maxOrigins among the options)', async () => {
      const s = await server();
      const options = Symbol('options');
      // Shaped as undici 7 keeps it: an `Agent` whose options hold only what undici filled in.
      const agentWith = (values: Record<string, unknown>): Dispatcher =>
        new (class Agent {
          readonly [options] = values;
          dispatch(): boolean {
            return false;
          }
          close(): Promise<void> {
            return Promise.resolve();
          }
        })() as unknown as Dispatcher;
      choose(agentWith({ maxOrigins: Infinity, connect: undefined, tls: undefined }));
      expect(vendorTransport()).toBe('node-http');
      await post(vendorFetch({}, 'p'), `${s.base}/plain`);
      expect(s.seen.map(sentBy)).toEqual(['node-http']);
      choose(agentWith({ maxOrigins: 4, connect: undefined, tls: undefined }));
      expect(vendorTransport()).toBe('fetch');
    });
  });

  it('keeps fetch off Node (a runtime that imitates process.versions), where node-http is refused', () => {
    Object.defineProperty(process.versions, 'bun', { value: '1.2.0', configurable: true, enumerable: true });
    try {
      expect(vendorTransport()).toBe('fetch');
      expect(() => vendorFetch({ transport: 'node-http' }, 'openai')).toThrow(expect.objectContaining({ code: 'configuration', message: 'openai: transport "node-http" needs Node.js; use "fetch" here' }));
    } finally {
      delete (process.versions as Record<string, string | undefined>).bun;
    }
    expect(vendorTransport()).toBe('node-http');
  });

  it('refuses an unknown transport, and node-http with a fetch of the caller’s, naming the fields', () => {
    expect(() => vendorFetch({ transport: 'http2' as VendorTransport }, 'anthropic')).toThrow(
      expect.objectContaining({ code: 'configuration', provider: 'anthropic', message: 'anthropic: transport must be "node-http" or "fetch", got "http2"', details: { fields: ['transport'] } }),
    );
    expect(() => vendorFetch({ transport: 'node-http', fetch: (input, init) => fetch(input, init) }, 'google')).toThrow(expect.objectContaining({ code: 'configuration', details: { fields: ['transport', 'fetch'] } }));
    expect(() => vendorFetch({ transport: 'http2' as VendorTransport }, 'anthropic')).toThrow(LLMError);
    // A fetch of the caller's with transport "fetch" is consistent: it is used.
    expect(() => vendorFetch({ transport: 'fetch', fetch: (input, init) => fetch(input, init) }, 'google')).not.toThrow();
  });

  it('never carries a credential across origins on node:http (redirects followed by the guard)', async () => {
    const elsewhere = await server();
    const vendor = await serve((_seen, res) => {
      res.writeHead(307, { location: `${elsewhere.base}/landed` });
      res.end();
    });
    closing.push(async () => {
      vendor.server.closeAllConnections();
      await new Promise((resolve) => vendor.server.close(resolve));
    });
    expect(await post(vendorFetch({}, 'p'), `${vendor.base}/start`)).toEqual({ path: '/landed' });
    expect(vendor.seen[0]!.headers['x-api-key']).toBe('k');
    expect(elsewhere.seen[0]!.headers['x-api-key']).toBeUndefined();
    expect([...vendor.seen, ...elsewhere.seen].map(sentBy)).toEqual(['node-http', 'node-http']);
  });

  describe('vendorSend', () => {
    const call = { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: '{}' };

    it('reads a call whole the way its fetch sends: node:http by default, Node’s fetch with transport "fetch", a caller’s fetch as given', async () => {
      const s = await server();
      const seenByCaller: string[] = [];
      const own: typeof fetch = (input, init) => {
        seenByCaller.push(String(input));
        return fetch(input, init);
      };
      for (const settings of [{}, { transport: 'node-http' as const }, { transport: 'fetch' as const }, { fetch: own }]) {
        const reply = await vendorSend(settings, 'p').whole(`${s.base}/call`, call);
        expect(reply.status).toBe(200);
        expect(JSON.parse(reply.body)).toEqual({ path: '/call' });
        expect(reply.headers.get('content-type')).toBe('application/json');
      }
      expect(s.seen.map(sentBy)).toEqual(['node-http', 'node-http', 'fetch', 'fetch']);
      expect(seenByCaller).toEqual([`${s.base}/call`]);
    });

    it('reads with the whole paired to a caller’s fetch (a server’s pool), and with fetch and text() when none is paired', async () => {
      const s = await server();
      const pool = createNodeHttpFetch();
      closing.push(async () => pool.close());
      let wholes = 0;
      let fetches = 0;
      const counted: SendWhole = (url, init) => (wholes++, pool.whole(url, init));
      const paired = pairWhole((input, init) => (fetches++, pool.fetch(input, init)), counted);
      expect(JSON.parse((await vendorSend({ fetch: paired }, 'p').whole(`${s.base}/a`, call)).body)).toEqual({ path: '/a' });
      expect([wholes, fetches]).toEqual([1, 0]);
      const unpaired: typeof fetch = (input, init) => (fetches++, pool.fetch(input, init));
      expect(JSON.parse((await vendorSend({ fetch: unpaired }, 'p').whole(`${s.base}/b`, call)).body)).toEqual({ path: '/b' });
      expect([wholes, fetches]).toEqual([1, 1]);
      // createNodeHttpFetch pairs its own.
      expect(JSON.parse((await vendorSend({ fetch: pool.fetch }, 'p').whole(`${s.base}/c`, call)).body)).toEqual({ path: '/c' });
      expect(s.seen.map(sentBy)).toEqual(['node-http', 'node-http', 'node-http']);
    });

    it('routedAsProvidersWould: the pool while node-http is the choice, Node’s fetch while a proxy variable is set; a provider given its fetch reads calls through its whole', async () => {
      const s = await server();
      const pool = createNodeHttpFetch();
      closing.push(async () => pool.close());
      let wholes = 0;
      const routed = routedAsProvidersWould({ fetch: pool.fetch, whole: (url, init) => (wholes++, pool.whole(url, init)) });
      const send = vendorSend({ fetch: routed.fetch }, 'p');
      await send.whole(`${s.base}/a`, call);
      await (await send.fetch(`${s.base}/b`, call)).text();
      vi.stubEnv('NO_PROXY', '127.0.0.1');
      await send.whole(`${s.base}/c`, call);
      await (await send.fetch(`${s.base}/d`, call)).text();
      expect(wholes).toBe(1);
      expect(s.seen.map((x) => [x.url, sentBy(x)])).toEqual([
        ['/a', 'node-http'],
        ['/b', 'node-http'],
        ['/c', 'fetch'],
        ['/d', 'fetch'],
      ]);
    });

    it('follows a redirect from the reply it read, without sending the request again, and no credential crosses origins', async () => {
      const elsewhere = await server();
      const vendor = await serve((seen, res) => {
        if (seen.url === '/start') res.writeHead(307, { location: '/moved' });
        else res.writeHead(308, { location: `${elsewhere.base}/landed` });
        res.end();
      });
      closing.push(async () => {
        vendor.server.closeAllConnections();
        await new Promise((resolve) => vendor.server.close(resolve));
      });
      const reply = await vendorSend({}, 'p').whole(`${vendor.base}/start`, call);
      expect(JSON.parse(reply.body)).toEqual({ path: '/landed' });
      expect(vendor.seen.map((x) => [x.url, x.method, x.body, x.headers['x-api-key']])).toEqual([
        ['/start', 'POST', '{}', 'k'],
        ['/moved', 'POST', '{}', 'k'],
      ]);
      expect(elsewhere.seen.map((x) => [x.url, x.method, x.body, x.headers['x-api-key']])).toEqual([['/landed', 'POST', '{}', undefined]]);
    });
  });

  it('checks the certificate of an https vendor (a self-signed one is refused, as fetch refuses it)', async () => {
    const tls = https.createServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    closing.push(() => new Promise((resolve) => tls.close(() => resolve())));
    const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/v1`;
    for (const transport of [undefined, 'fetch'] as const) {
      const err: unknown = await post(vendorFetch(transport ? { transport } : {}, 'p'), url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TypeError);
      expect(((err as TypeError).cause as { code?: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    }
  });

  it('leaves an idle keep-alive connection unreferenced: it does not keep the process alive', async () => {
    const s = await server();
    s.server.keepAliveTimeout = 0; // the server keeps the connection open for as long as the client does
    await post(vendorFetch({}, 'p'), `${s.base}/idle`);
    expect(s.seen.map(sentBy)).toEqual(['node-http']);
    const origin = s.base.slice('http://'.length);
    const idle = () => Object.entries(http.globalAgent.freeSockets).flatMap(([name, list]) => (name.startsWith(origin) ? (list ?? []) : []));
    await until(() => idle().length === 1);
    // Referencing the idle socket adds an active handle: it had none (unreferenced, as Node's agent leaves it).
    const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const before = handles();
    idle()[0]!.ref();
    expect(handles()).toBe(before + 1);
    idle()[0]!.unref();
    expect(handles()).toBe(before);
  });
});
