import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CostTracker, createJsonLogger, createNodeHttpFetch, InMemoryBudgetStore, InMemoryCircuitBreakerStore, InMemoryRateLimitStore, type SendWhole, type VendorTransport } from '@llm/core';
import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import { openAIProviderFactory } from '@llm/openai';
import { loadGatewayConfig } from '../config/gateway-config-load.js';
import { RouteTable } from '../routing/route-table.js';
import { UpstreamModels, type UpstreamDeps } from './upstream-models.js';

/** What the stacks share: in-memory stores, a silent logger, and the fetch given (if any). */
function deps(pool?: UpstreamDeps['pool']): UpstreamDeps {
  return {
    logger: createJsonLogger({ level: 'silent' }),
    costTracker: new CostTracker(),
    budgetStore: new InMemoryBudgetStore(),
    rateLimitStore: new InMemoryRateLimitStore(),
    circuitBreakerStore: new InMemoryCircuitBreakerStore(),
    attemptMiddleware: [],
    ...(pool ? { pool } : {}),
  };
}

function table(maxProviderModels: number): { routes: RouteTable; upstreams: UpstreamModels } {
  const upstreams = new UpstreamModels(
    deps(),
    undefined,
    maxProviderModels,
  );
  // Building a client stack makes no request: the base URL is never called here.
  upstreams.addVendor('openai', openAIProviderFactory, { apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1' });
  const routes = new RouteTable(upstreams, true);
  routes.build({ fast: { model: 'openai:gpt-4o-mini' } }, {});
  return { routes, upstreams };
}

const held = (upstreams: UpstreamModels) => upstreams.built().map((m) => `${m.provider}:${m.model}`);

describe('client stacks of provider:model ids named by clients', () => {
  it('keeps at most maxProviderModels of them, dropping the least recently used, and never a configured route', () => {
    const { routes, upstreams } = table(3);
    const a = routes.resolve('openai:a')!.model;
    routes.resolve('openai:b');
    routes.resolve('openai:c');
    expect(held(upstreams)).toEqual(['openai:gpt-4o-mini', 'openai:a', 'openai:b', 'openai:c']);
    expect(routes.resolve('openai:a')!.model).toBe(a); // reused, and now the most recently used
    routes.resolve('openai:d');
    expect(held(upstreams)).toEqual(['openai:gpt-4o-mini', 'openai:c', 'openai:a', 'openai:d']);
    const b = routes.resolve('openai:b')!.model; // dropped before: made again
    expect(held(upstreams)).toEqual(['openai:gpt-4o-mini', 'openai:a', 'openai:d', 'openai:b']);
    expect(routes.resolve('openai:b')!.model).toBe(b);
  });

  it('does not grow with made-up ids', () => {
    const { routes, upstreams } = table(50);
    for (let i = 0; i < 500; i++) expect(routes.resolve(`openai:made-up-${i}`)).toBeDefined();
    expect(upstreams.built()).toHaveLength(51);
    expect(held(upstreams).at(-1)).toBe('openai:made-up-499');
  });

  it('serves a configured target named as provider:model with the route\'s own stack', () => {
    const { routes, upstreams } = table(3);
    expect(routes.resolve('openai:gpt-4o-mini')!.model).toBe(routes.resolve('fast')!.model);
    expect(upstreams.built()).toHaveLength(1);
  });
});

describe('the fetch the upstream SDKs send with', () => {
  const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    for (const name of PROXY_VARIABLES) vi.stubEnv(name, undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  /** One call through an upstream stack; which fetch sent it: the gateway's pool or Node's fetch (which adds `sec-fetch-mode`). */
  async function sentWith(transport?: VendorTransport): Promise<{ pool: number; fetch: boolean }> {
    const http = createNodeHttpFetch();
    const pool = vi.fn<typeof fetch>((input, init) => http.fetch(input, init));
    const whole = vi.fn<SendWhole>((url, init) => http.whole(url, init));
    const upstreams = new UpstreamModels(deps({ fetch: pool, whole }), undefined);
    upstreams.addVendor('openai', openAIProviderFactory, { apiKey: server.apiKey, baseUrl: server.baseUrl, ...(transport ? { transport } : {}) });
    const model = upstreams.model('openai', 'gpt-4o-mini').chatModel;
    const reply = await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.text).toBe('Hello from the fake server.');
    const call = server.lastRequest().headers['sec-fetch-mode'] === 'cors';
    // A call is read whole through the pool, a stream opened with its fetch: one or the other, never both for one request.
    let streamed = '';
    for await (const event of model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })) if (event.type === 'text-delta') streamed += event.text;
    expect(streamed).toBe('Hello from the fake server.');
    expect(server.lastRequest().headers['sec-fetch-mode'] === 'cors').toBe(call);
    http.close();
    expect(whole.mock.calls.length).toBe(pool.mock.calls.length);
    return { pool: pool.mock.calls.length, fetch: call };
  }

  it('is the gateway’s pool where the provider would send with node:http', async () => {
    expect(await sentWith()).toEqual({ pool: 1, fetch: false });
  });

  it('is Node’s fetch while a proxy variable is set, as the providers’ default would be', async () => {
    vi.stubEnv('NO_PROXY', '127.0.0.1');
    expect(await sentWith()).toEqual({ pool: 0, fetch: true });
  });

  it('follows the provider’s transport from the config: fetch always Node’s fetch, node-http always the pool (a proxy variable set or not)', async () => {
    const config = loadGatewayConfig({ env: {}, text: `providers:\n  openai: { apiKey: k, transport: fetch }\n  groq: { apiKey: k, transport: node-http }\n` });
    expect(await sentWith(config.upstreams.openai!.transport)).toEqual({ pool: 0, fetch: true });
    expect(await sentWith(config.upstreams.groq!.transport)).toEqual({ pool: 1, fetch: false });
    vi.stubEnv('NO_PROXY', '127.0.0.1');
    expect(await sentWith('node-http')).toEqual({ pool: 1, fetch: false });
    expect(await sentWith('fetch')).toEqual({ pool: 0, fetch: true });
  });

  it('without the gateway’s pool, hands the chosen transport to the provider itself', async () => {
    const upstreams = new UpstreamModels(deps(), undefined);
    upstreams.addVendor('openai', openAIProviderFactory, { apiKey: server.apiKey, baseUrl: server.baseUrl, transport: 'fetch' });
    await upstreams.model('openai', 'gpt-4o-mini').chatModel.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().headers['sec-fetch-mode']).toBe('cors');
    const direct = new UpstreamModels(deps(), undefined);
    direct.addVendor('openai', openAIProviderFactory, { apiKey: server.apiKey, baseUrl: server.baseUrl, transport: 'node-http' });
    await direct.model('openai', 'gpt-4o-mini').chatModel.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.lastRequest().headers['sec-fetch-mode']).toBeUndefined();
  });
});
