import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { pairWhole, wholeTimeoutError, type SendWhole, type WholeReply } from './whole-reply.js';

/** A fetch for the vendor SDKs, and the keep-alive connections it holds. */
export interface NodeHttpFetch {
  fetch: typeof fetch;
  /**
   * A call whose reply is read whole, over the same connections: no `Response`, web stream or
   * `Headers` copy of the request (about 25 µs of CPU per call less than `fetch` and `text()`,
   * docs/benchmarks.md session 10). Redirects come back as they came, as with `redirect: 'manual'`.
   */
  whole: SendWhole;
  /** Closes the pooled connections of its agents (a server's shutdown). */
  close(): void;
}

/** The connection pools a {@link createNodeHttpFetch} fetch sends through. */
export interface NodeHttpAgents {
  http: http.Agent;
  https: https.Agent;
}

/** Options of {@link createNodeHttpFetch}. */
export interface NodeHttpFetchOptions {
  /** The pools to use; by default its own keep-alive agents (LIFO), which `close()` destroys. */
  agents?: NodeHttpAgents | undefined;
}

/** How many bytes of a reply body wait in the stream before the socket is paused. */
const BODY_HIGH_WATER_MARK = 64 * 1024;

/**
 * How many pieces at the start of a body are handed on one by one, as they come: a reply's first
 * events (a role-only chunk, a message or block start, a ping, then the first text), so that the
 * reader can parse and deliver the first text without first parsing the whole burst around it.
 */
const FIRST_PIECES_ALONE = 4;

const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The request's body when it can be written at once with the headers; `undefined` when there is none; `null` for any other kind. */
function plainBody(body: RequestInit['body']): string | Uint8Array | undefined | null {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return null;
}

/** The reply body decoded as fetch does (`content-encoding` gzip, deflate, br), as a Node stream. */
function decoded(res: IncomingMessage): Readable {
  const encoding = res.headers['content-encoding']?.trim().toLowerCase();
  const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return res;
  res.on('error', (err) => decoder.destroy(err));
  return res.pipe(decoder);
}

/**
 * The reply body as a web stream over the Node one. The HTTP parser hands on each chunk of a
 * chunked reply as its own piece, even when one socket read brought hundreds (a vendor's burst of
 * stream events). The body's first few pieces ({@link FIRST_PIECES_ALONE}) are handed on alone, as
 * `'data'` events bring them, so the first text is read as soon as it is parsed, not after the rest
 * of its burst. Then the Node stream is read paused (`'readable'`, `read()`): the parser's pieces
 * wait in the stream's own buffer, and each `read()` hands on all of them joined as one chunk, so
 * the reader (the SDK's event parser) takes one read per socket read, not one per event, and no
 * piece is emitted as an event of its own (what a flowing stream costs per piece: about 2 µs per
 * stream event, docs/benchmarks.md, session 7). The reader being behind leaves the pieces in that
 * buffer, which pauses the socket once it is full. A body cut short fails the stream with
 * `TypeError('terminated')`, as fetch's does; an abort fails it with the signal's reason.
 */
function bodyStream(res: IncomingMessage, source: Readable, signal: AbortSignal | undefined): ReadableStream<Uint8Array> {
  let finished = false;
  let alone = 0;
  let controller: ReadableStreamDefaultController<Uint8Array>;
  const enqueue = (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  /** Hands on what the source holds, joined, while the reader wants more. */
  const drain = () => {
    while (!finished && (controller.desiredSize ?? 1) > 0) {
      const chunk = source.read() as Buffer | null;
      if (chunk === null) return;
      enqueue(chunk);
    }
  };
  const onPiece = (chunk: Buffer) => {
    if (finished) return;
    enqueue(chunk);
    if (++alone === FIRST_PIECES_ALONE) {
      // From here on paused: a 'readable' listener stops the flow; `drain` reads.
      source.off('data', onPiece);
      source.on('readable', drain);
    } else if ((controller.desiredSize ?? 1) <= 0) source.pause();
  };
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        const fail = (err: unknown) => {
          if (finished) return;
          finished = true;
          controller.error(err);
          res.destroy();
        };
        const onAbort = () => fail(abortReason(signal!));
        signal?.addEventListener('abort', onAbort, { once: true });
        const cleanUp = () => signal?.removeEventListener('abort', onAbort);
        source.on('data', onPiece);
        source.once('end', () => {
          cleanUp();
          if (finished) return;
          finished = true;
          controller.close();
        });
        source.once('error', (err) => {
          cleanUp();
          fail(new TypeError('terminated', { cause: err }));
        });
        // A socket that closes before the body ended (`'end'` never comes).
        res.once('close', () => {
          cleanUp();
          if (!res.complete) fail(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }) }));
        });
      },
      pull() {
        if (alone < FIRST_PIECES_ALONE) source.resume();
        else drain();
      },
      cancel() {
        finished = true;
        res.destroy();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: BODY_HIGH_WATER_MARK }),
  );
}

/** Whether a header value needs what `Headers` does to it (trimming), so that a plain copy would differ. */
function untrimmed(value: string): boolean {
  return value.length > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32);
}

/**
 * The request's headers as Node takes them: names in lower case, as fetch sends them. Plain
 * string values are copied as they are; anything `Headers` would change (a `Headers` object, pairs,
 * a name given twice in different cases, a value to trim or to turn into a string) goes through
 * `Headers`, so the result is the same either way. Node refuses what fetch refuses (a bad name, a
 * line break in a value) with a TypeError.
 */
function requestHeaders(given: RequestInit['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  if (given !== undefined && given !== null && Object.getPrototypeOf(given) === Object.prototype) {
    const plain = given as Record<string, unknown>;
    let simple = true;
    for (const name in plain) {
      const value = plain[name];
      const lower = name.toLowerCase();
      if (typeof value !== 'string' || untrimmed(value) || lower in headers) {
        simple = false;
        break;
      }
      headers[lower] = value;
    }
    if (simple) return headers;
    for (const name in headers) delete headers[name];
  }
  new Headers(given).forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

/** The reply's headers as fetch gives them, in the order they came. */
function replyHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  return headers;
}

/** Node's request options for a URL, parsed once for the URL a client sends every call to. */
interface Target {
  url: string;
  secure: boolean;
  options: http.RequestOptions;
}

/** Decodes a whole body as `Response.text()` does (a byte order mark dropped, bad bytes as U+FFFD). */
const TEXT = new TextDecoder();

/**
 * A `fetch` over `node:http`/`node:https` with keep-alive connections, for the vendor SDKs.
 * Node's own fetch (undici) streams every request body through a web stream after the headers,
 * so the body waits behind whatever the event loop does next, and the call costs more CPU
 * (Request/Response objects, web streams); here a string or byte body is written with the
 * headers at once. It covers what the SDKs send: a URL
 * string or `URL`, a string or byte body, `redirect: 'manual'` (the providers' credential-safe
 * fetch follows redirects itself), an abort signal. Anything else (a `Request`, a streamed or form
 * body, redirects left to fetch) goes to Node's fetch. Replies are decoded as fetch decodes them.
 */
export function createNodeHttpFetch(options: NodeHttpFetchOptions = {}): NodeHttpFetch {
  const agents = options.agents ?? { http: new http.Agent({ keepAlive: true, scheduling: 'lifo' }), https: new https.Agent({ keepAlive: true, scheduling: 'lifo' }) };
  let last: Target | undefined;
  const targetOf = (url: string): Target => {
    if (last?.url === url) return last;
    const parsed = new URL(url);
    return (last = { url, secure: parsed.protocol === 'https:', options: urlToHttpOptions(parsed) });
  };
  /**
   * Sends one request: `onResponse` gets the reply at its headers (the caller's signal is still
   * listened to; `done` stops that). Fails as fetch does: the signal's reason when aborted before
   * the reply, `TypeError('fetch failed')` when the request could not be made. What it returns
   * closes the request and fails it with a reason of the caller's (a timeout).
   */
  const send = (
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | Uint8Array | undefined,
    signal: AbortSignal | undefined,
    onResponse: (res: IncomingMessage, done: () => void, fail: (err: unknown) => void) => void,
    reject: (err: unknown) => void,
  ): { abort: (reason: unknown) => void } => {
    const target = targetOf(url);
    if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    const request = (target.secure ? https : http).request({ ...target.options, method, headers, agent: target.secure ? agents.https : agents.http });
    let settled = false;
    let reply: IncomingMessage | undefined;
    const abort = (reason: unknown) => {
      request.destroy();
      reply?.destroy();
      fail(reason);
    };
    const onAbort = () => abort(abortReason(signal!));
    const done = () => {
      settled = true;
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown) => {
      if (settled) return;
      done();
      reject(err);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.once('error', (err) => fail(new TypeError('fetch failed', { cause: err })));
    request.once('response', (res) => {
      reply = res;
      onResponse(res, done, fail);
    });
    request.end(body);
    return { abort };
  };

  const nodeFetch: typeof fetch = (input, init = {}) => {
    const body = plainBody(init.body);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    if (url === undefined || body === null || init.redirect !== 'manual' || (!url.startsWith('http://') && !url.startsWith('https://'))) return fetch(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Response>((resolve, reject) => {
      send(url, init.method ?? 'GET', requestHeaders(init.headers), body, signal, (res, done) => {
        // From here the body stream follows the signal itself.
        done();
        try {
          const status = res.statusCode ?? 0;
          const empty = NULL_BODY_STATUSES.has(status) || init.method === 'HEAD';
          if (empty) res.resume();
          resolve(new Response(empty ? null : bodyStream(res, decoded(res), signal), { status, statusText: res.statusMessage ?? '', headers: replyHeaders(res) }));
        } catch (err) {
          // A reply fetch cannot represent (a status outside 200-599, a header it refuses).
          res.destroy();
          reject(new TypeError('fetch failed', { cause: err }));
        }
      }, reject);
    });
  };

  const whole: SendWhole = (url, init) => {
    const signal = init.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<WholeReply>((resolve, reject) => {
      const { timeoutMs } = init;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = <T>(then: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        then(value);
      };
      const resolved = settle(resolve);
      const rejected = settle(reject);
      const request = send(url, init.method, requestHeaders(init.headers), init.body, signal, (res, done, fail) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 599) {
          // What fetch refuses to represent.
          res.destroy();
          fail(new TypeError('fetch failed', { cause: new RangeError(`status ${status} is outside 200-599`) }));
          return;
        }
        const source = decoded(res);
        const chunks: Buffer[] = [];
        source.on('data', (chunk: Buffer) => chunks.push(chunk));
        source.once('end', () => {
          if (!res.complete) return;
          done();
          resolved({ status, statusText: res.statusMessage ?? '', headers: replyHeaders(res), body: TEXT.decode(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)) });
        });
        source.once('error', (err) => fail(new TypeError('terminated', { cause: err })));
        // A socket that closes before the body ended.
        res.once('close', () => {
          if (!res.complete) fail(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }) }));
        });
      }, rejected);
      if (timeoutMs !== undefined) timer = setTimeout(() => request.abort(wholeTimeoutError(timeoutMs)), timeoutMs);
    });
  };

  return {
    fetch: pairWhole(nodeFetch, whole),
    whole,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
