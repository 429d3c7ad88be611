import http from 'node:http';
import https from 'node:https';
import { LLMError } from '@llm/errors';
import { credentialSafeFetch, followRedirects, REDIRECT_STATUSES } from './credential-safe-fetch.js';
import { createNodeHttpFetch, type NodeHttpAgents } from './node-http-fetch.js';
import { pairedWhole, pairWhole, wholeOverFetch, type SendWhole } from './whole-reply.js';

/** How a provider's vendor SDK reaches the vendor: `node-http` (`node:http`/`node:https`) or `fetch` (Node's global fetch). */
export const VENDOR_TRANSPORTS = ['node-http', 'fetch'] as const;
export type VendorTransport = (typeof VENDOR_TRANSPORTS)[number];

/** What decides a provider's fetch: the caller's own `fetch`, or the `transport` to use. */
export interface VendorFetchSettings {
  /** A custom fetch (proxies, instrumentation): used as given, under the redirect guard. */
  fetch?: typeof fetch | undefined;
  /** Unset: `node-http` on Node when nothing asks for fetch's routing (see {@link vendorTransport}), else `fetch`. */
  transport?: VendorTransport | undefined;
}

/** Where undici (Node's fetch, and the `undici` package) keeps the process-wide dispatcher. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
/** The variables undici's EnvHttpProxyAgent (Node 24's `NODE_USE_ENV_PROXY`) reads. */
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** Node itself, not a runtime that imitates its `process` (Bun, Deno). */
function onNode(): boolean {
  const versions = (globalThis as { process?: { versions?: Record<string, string | undefined> } }).process?.versions;
  return typeof versions?.node === 'string' && versions.bun === undefined && versions.deno === undefined;
}

/**
 * Option values undici's `Agent` fills in by itself: undici 7 (Node 24's fetch) keeps
 * `maxOrigins: Infinity` in the options of the plain `Agent` that Node installs.
 */
const AGENT_DEFAULTS: Readonly<Record<string, unknown>> = { maxOrigins: Infinity };

/**
 * Whether the process-wide undici dispatcher is one somebody chose (a ProxyAgent, a MockAgent, an
 * Agent with TLS or connection options): fetch would route through it, node:http would not. The
 * plain `Agent` that undici installs by itself has no options of its own but undici's defaults
 * ({@link AGENT_DEFAULTS}; checked on Node 20, 22 and 24, docs/benchmarks.md session 7).
 */
function chosenDispatcher(): boolean {
  const dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  if (dispatcher === undefined || dispatcher === null) return false;
  // An undici dispatcher keeps the options it was made with: one answer per dispatcher object.
  if (dispatcher === lastDispatcher) return lastChosen;
  lastDispatcher = dispatcher;
  return (lastChosen = chosen(dispatcher));
}

let lastDispatcher: unknown;
let lastChosen = false;

function chosen(dispatcher: unknown): boolean {
  if ((dispatcher as { constructor?: { name?: unknown } }).constructor?.name !== 'Agent') return true;
  const options = Object.getOwnPropertySymbols(dispatcher).find((key) => key.description === 'options');
  const values = options === undefined ? undefined : (dispatcher as Record<symbol, unknown>)[options];
  if (typeof values !== 'object' || values === null) return false;
  return Object.entries(values).some(([name, value]) => value !== undefined && value !== AGENT_DEFAULTS[name]);
}

function proxyFromEnvironment(): boolean {
  return PROXY_VARIABLES.some((name) => process.env[name] !== undefined && process.env[name] !== '');
}

/**
 * The transport a request sent now by default would take: `node-http` on Node, unless a
 * process-wide undici dispatcher was chosen (proxy, mock, TLS options) or a proxy is set in the
 * environment (`HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`, any case), when it is `fetch`, as it is
 * off Node. Looked at on every request: a dispatcher set later is honoured.
 */
export function vendorTransport(): VendorTransport {
  return onNode() && !chosenDispatcher() && !proxyFromEnvironment() ? 'node-http' : 'fetch';
}

/** Node's own process-wide keep-alive agents, read when a request leaves (a replaced `http.globalAgent` is used). */
const GLOBAL_AGENTS: NodeHttpAgents = {
  get http() {
    return http.globalAgent;
  },
  get https() {
    return https.globalAgent;
  },
};

const nodeHttp = createNodeHttpFetch({ agents: GLOBAL_AGENTS });
const nodeHttpFetch = nodeHttp.fetch;
const globalFetch: typeof fetch = (input, init) => fetch(input, init);
const automaticFetch: typeof fetch = (input, init) => (vendorTransport() === 'node-http' ? nodeHttpFetch(input, init) : fetch(input, init));

function checkTransport(settings: VendorFetchSettings, provider: string): void {
  const { transport } = settings;
  if (transport === undefined) return;
  if (!(VENDOR_TRANSPORTS as readonly unknown[]).includes(transport)) {
    const got = typeof transport === 'string' ? `"${transport}"` : typeof transport;
    throw new LLMError({ code: 'configuration', provider, local: true, message: `${provider}: transport must be "node-http" or "fetch", got ${got}`, details: { fields: ['transport'] } });
  }
  if (transport === 'node-http' && settings.fetch !== undefined) {
    throw new LLMError({ code: 'configuration', provider, local: true, message: `${provider}: transport "node-http" and a custom fetch exclude each other; pass one`, details: { fields: ['transport', 'fetch'] } });
  }
  if (transport === 'node-http' && !onNode()) {
    throw new LLMError({ code: 'configuration', provider, local: true, message: `${provider}: transport "node-http" needs Node.js; use "fetch" here`, details: { fields: ['transport'] } });
  }
}

/**
 * The fetch a provider hands its vendor SDK, always under {@link credentialSafeFetch} (a redirect
 * to another origin never carries credentials): the caller's `fetch` as given; else the chosen
 * `transport`; else {@link vendorTransport}'s choice per request. `node-http` sends through Node's
 * process-wide keep-alive agents (`http.globalAgent`, `https.globalAgent`: idle sockets do not
 * keep the process alive and close after 5 s), so providers need no `close()`.
 */
export function vendorFetch(settings: VendorFetchSettings, provider: string): typeof fetch {
  checkTransport(settings, provider);
  const base = settings.fetch ?? (settings.transport === 'fetch' ? globalFetch : settings.transport === 'node-http' ? nodeHttpFetch : automaticFetch);
  return credentialSafeFetch(base);
}

/** How a provider reaches its vendor: the fetch for its SDK (and streams), and calls read whole. */
export interface VendorSend {
  /** {@link vendorFetch}'s fetch. */
  fetch: typeof fetch;
  /**
   * A call whose reply is read whole, sent the way `fetch` sends (same transport choice and
   * redirect guard). On node:http it is read without a `Response` (see `NodeHttpFetch.whole`);
   * otherwise it is `fetch` and `text()`.
   */
  whole: SendWhole;
}

/**
 * {@link vendorFetch}, and a {@link SendWhole} that goes the same way: what a provider that sends
 * some calls beside its SDK's per-request pipeline needs (`@llm/openai`'s direct route).
 */
export function vendorSend(settings: VendorFetchSettings, provider: string): VendorSend {
  const fetch = vendorFetch(settings, provider);
  // A caller's fetch paired with a whole of its own (a server's pool): read with that.
  const paired = settings.fetch === undefined ? undefined : pairedWhole(settings.fetch);
  if (paired) return { fetch, whole: guardedWhole(paired, settings.fetch!) };
  const overFetch = wholeOverFetch(fetch);
  if (settings.fetch !== undefined || settings.transport === 'fetch') return { fetch, whole: overFetch };
  const overNode = guardedWhole(nodeHttp.whole, nodeHttpFetch);
  if (settings.transport === 'node-http') return { fetch, whole: overNode };
  return { fetch, whole: (url, init) => (vendorTransport() === 'node-http' ? overNode(url, init) : overFetch(url, init)) };
}

/**
 * `whole` with redirects followed as `credentialSafeFetch` follows them: a redirect reply is
 * followed from there through `base` (the fetch that sends the same way), without sending the
 * request again; credentials never leave the first URL's origin.
 */
function guardedWhole(whole: SendWhole, base: typeof fetch): SendWhole {
  return async (url, init) => {
    const reply = await whole(url, init);
    if (!REDIRECT_STATUSES.has(reply.status) || !reply.headers.has('location')) return reply;
    const request: RequestInit = { method: init.method, headers: init.headers, redirect: 'manual', ...(init.body !== undefined ? { body: init.body } : {}), ...(init.signal ? { signal: init.signal } : {}) };
    const first = { status: reply.status, headers: reply.headers };
    const last = await followRedirects(base, new URL(url), request, first);
    if (last === first || !('text' in last)) return reply;
    return { status: last.status, statusText: last.statusText, headers: last.headers, body: await last.text() };
  };
}

/**
 * A pool's fetch and whole (`createNodeHttpFetch({ agents })`), sent as a provider sends by
 * default: through the pool while {@link vendorTransport} says `node-http`, through Node's fetch
 * while a proxy variable or a chosen undici dispatcher asks for its routing. The fetch is paired
 * with the whole, so a provider given it reads its calls whole too (`vendorSend`). What a server
 * with its own connection pool (`llm-gateway`) hands its providers.
 */
export function routedAsProvidersWould(pool: { fetch: typeof fetch; whole: SendWhole }): { fetch: typeof fetch; whole: SendWhole } {
  const overFetch = wholeOverFetch(globalFetch);
  const whole: SendWhole = (url, init) => (vendorTransport() === 'node-http' ? pool.whole(url, init) : overFetch(url, init));
  const routed: typeof fetch = (input, init) => (vendorTransport() === 'node-http' ? pool.fetch(input, init) : fetch(input, init));
  return { fetch: pairWhole(routed, whole), whole };
}
