import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badBody, badFrames, mutateFrames, mutateJson, type BadShapeTable } from './fake-bad-shapes.js';
import type { BadShape, Fault, Scenario, ScriptedErrorKind, SeenRequest } from './scenario.js';

/** A JSON object as the fake servers send and receive it. */
export type JsonObject = Record<string, unknown>;

/** What every scripted target offers the conformance suite: fake vendor servers and the mock model alike. */
export interface ScriptTarget {
  readonly vendor: string;
  /** Scripted errors this vendor can produce. */
  readonly errorKinds: readonly ScriptedErrorKind[];
  readonly requests: readonly SeenRequest[];
  /** Every call that reached the target, chat or not (health checks, model listings), with or without the right key. */
  readonly received: readonly ReceivedCall[];
  enqueue(...scenarios: Scenario[]): void;
  lastRequest(): SeenRequest;
  /** Forgets queued scenarios and what was received; a fake server also stops counting what arrived before (see `abortedRequests`). */
  reset(): void;
}

/** One call as it reached a scripted target. */
export interface ReceivedCall {
  method: string;
  path: string;
  /** The key was the one the target accepts. */
  authorized: boolean;
}

/** A fake vendor server on 127.0.0.1 (ephemeral port) speaking that vendor's real wire format. */
export interface FakeServer extends ScriptTarget {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** What the vendor SDK takes as its base URL. */
  readonly baseUrl: string;
  /** The key the server accepts; any other gets the vendor's real 401. */
  readonly apiKey: string;
  /**
   * Requests the client gave up on before the reply ended (aborts, timeouts, cuts), among those that
   * arrived since the last `reset()`: a reply from before it (a cut or stalled one whose socket
   * closes late) is never counted after it, so a test's count is its own.
   */
  readonly abortedRequests: number;
  /** Replies not yet closed, whenever they arrived (a stalled one stays open until its client goes away). */
  readonly openReplies: number;
  close(): Promise<void>;
}

export interface IncomingCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined. */
  body: unknown;
  req: IncomingMessage;
  res: ServerResponse;
}

export interface FakeServerSpec {
  vendor: string;
  apiKey?: string;
  /** Path prefix of the SDK's base URL, e.g. `/v1`. */
  basePath: string;
  errorKinds: readonly ScriptedErrorKind[];
  /** Reads the key from the request (header names differ per vendor). */
  readApiKey(call: IncomingCall): string | undefined;
  /** Answers a request whose key was wrong, in the vendor's format. */
  sendUnauthorized(call: IncomingCall): void;
  /** How this vendor's replies are broken by a `bad-shape` fault. */
  badShapes?: BadShapeTable;
  /** Handles one request; `next()` takes the next scripted scenario (or the default). */
  handle(call: IncomingCall, next: () => Scenario, seen: (request: SeenRequest) => void): Promise<void>;
}

const DEFAULT_SCENARIO: Scenario = { kind: 'text', text: 'Hello from the fake server.' };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends a JSON reply (honouring `slow-first-byte`, `cut` and `malformed-json` faults). */
export async function sendJson(
  call: IncomingCall,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  fault?: Fault,
): Promise<void> {
  const { res } = call;
  if (fault?.kind === 'slow-first-byte') await sleep(fault.delayMs, closedSignal(call));
  if (fault?.kind === 'stall') await untilClosed(call);
  if (res.destroyed) return;
  if (fault?.kind === 'bad-shape') body = badBody(body, recipeFor(call, fault.shape));
  if (fault?.kind === 'mutate') body = mutateJson(body, fault.seed, fault.value);
  let text = JSON.stringify(body);
  if (fault?.kind === 'malformed-json') text = text.slice(0, Math.max(1, Math.floor(text.length / 2))) + '<<not json';
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  if (fault?.kind === 'cut') {
    res.write(text.slice(0, Math.floor(text.length / 2)));
    await flushThenCut(call);
    return;
  }
  res.end(text);
}

/** Lets what was written reach the client, then drops the connection mid-reply. */
async function flushThenCut(call: IncomingCall): Promise<void> {
  await sleep(25);
  call.res.socket?.destroy();
}

/** Sends a server-sent-event stream of ready-made frames, honouring every fault. */
export async function sendSse(call: IncomingCall, frames: readonly string[], headers: Record<string, string> = {}, fault?: Fault): Promise<void> {
  const { res } = call;
  const closed = closedSignal(call);
  if (fault?.kind === 'slow-first-byte') await sleep(fault.delayMs, closed);
  if (res.destroyed) return;
  if (fault?.kind === 'bad-shape') frames = badFrames(frames, recipeFor(call, fault.shape), badShapeTables.get(call.res)!);
  if (fault?.kind === 'mutate') frames = mutateFrames(frames, fault.seed, fault.value);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...headers });
  for (let i = 0; i < frames.length; i++) {
    if (closed.aborted) return;
    if (fault?.kind === 'cut' && i === fault.afterChunks) {
      await flushThenCut(call);
      return;
    }
    if (fault?.kind === 'stall' && i === fault.afterChunks) {
      await untilClosed(call);
      return;
    }
    if (fault?.kind === 'slow-chunks' && i > 0 && (fault.tail === undefined || i >= frames.length - fault.tail)) await sleep(fault.delayMs, closed);
    if (closed.aborted) return;
    const frame = fault?.kind === 'malformed-json' && i === Math.floor(frames.length / 2) ? 'data: {"broken": \n\n' : frames[i]!;
    res.write(frame);
  }
  res.end();
}

/** Resolves when the client goes away (a stalled reply waits for that). */
function untilClosed(call: IncomingCall): Promise<void> {
  const closed = closedSignal(call);
  return closed.aborted ? Promise.resolve() : new Promise((resolve) => closed.addEventListener('abort', () => resolve(), { once: true }));
}

const badShapeTables = new WeakMap<ServerResponse, BadShapeTable>();
function recipeFor(call: IncomingCall, shape: BadShape) {
  const table = badShapeTables.get(call.res);
  if (!table) throw new Error(`this fake server cannot send a reply of bad shape ${shape}`);
  return table.recipes[shape];
}

const closedSignals = new WeakMap<ServerResponse, AbortController>();
/** Aborted when the client goes away before the reply ended. */
export function closedSignal(call: IncomingCall): AbortSignal {
  return closedSignals.get(call.res)!.signal;
}

/** Starts a fake server from a vendor spec. */
export async function startFakeServer(spec: FakeServerSpec): Promise<FakeServer> {
  const apiKey = spec.apiKey ?? `test-key-${spec.vendor}-0123456789`;
  const queue: Scenario[] = [];
  const requests: SeenRequest[] = [];
  const received: ReceivedCall[] = [];
  let aborted = 0;
  let open = 0;
  /** Bumped by reset(): a request belongs to the epoch it arrived in, and counts only in that one. */
  let epoch = 0;

  const server: Server = createServer((req, res) => {
    const arrivedIn = epoch;
    const current = () => arrivedIn === epoch;
    const controller = new AbortController();
    closedSignals.set(res, controller);
    if (spec.badShapes) badShapeTables.set(res, spec.badShapes);
    open++;
    res.on('close', () => {
      open--;
      if (!res.writableFinished) {
        if (current()) aborted++;
        controller.abort();
      }
    });
    // A request from before a reset takes no scenario queued after it, and is not recorded.
    const next = () => (current() ? queue.shift() : undefined) ?? DEFAULT_SCENARIO;
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const call: IncomingCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: flatHeaders(req),
        body: await readBody(req),
        req,
        res,
      };
      try {
        const authorized = spec.readApiKey(call) === apiKey;
        if (current()) received.push({ method: call.method, path: call.path, authorized });
        if (!authorized) {
          spec.sendUnauthorized(call);
          return;
        }
        await spec.handle(call, next, (seen) => {
          if (current()) requests.push(seen);
        });
      } catch (err) {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `fake server failure: ${(err as Error).message}` } }));
        } else res.destroy();
      }
    })();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    vendor: spec.vendor,
    errorKinds: spec.errorKinds,
    url,
    baseUrl: `${url}${spec.basePath}`,
    apiKey,
    requests,
    received,
    get abortedRequests() {
      return aborted;
    },
    get openReplies() {
      return open;
    },
    enqueue: (...scenarios) => void queue.push(...scenarios),
    lastRequest: () => {
      const last = requests[requests.length - 1];
      if (!last) throw new Error(`the fake ${spec.vendor} server has received no request`);
      return last;
    },
    reset: () => {
      epoch++;
      queue.length = 0;
      requests.length = 0;
      received.length = 0;
      aborted = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
