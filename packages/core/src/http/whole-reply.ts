import { linkSignal } from '../model/index.js';

/** A reply read whole (a call's, not a stream's): its status, headers and body as text. */
export interface WholeReply {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body decoded as `Response.text()` decodes it (UTF-8, a leading byte order mark dropped, bad bytes as U+FFFD). */
  body: string;
}

/** What a whole-reply request sends: a string body, plain headers, and the signal that aborts it. */
export interface WholeRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  /**
   * How long the whole exchange may take, reply body included; then it fails with a
   * `DOMException` named `TimeoutError` and the request is closed. No limit when unset.
   */
  timeoutMs?: number | undefined;
}

/**
 * Sends a request and reads its reply whole. It fails as fetch does: with the signal's reason when
 * aborted (before the reply or while its body is read), `TypeError('fetch failed')` when the
 * request could not be made, `TypeError('terminated')` when the body was cut short, a
 * `TimeoutError` past `timeoutMs`.
 */
export type SendWhole = (url: string, init: WholeRequestInit) => Promise<WholeReply>;

/** The error a whole-reply request past its `timeoutMs` fails with. */
export function wholeTimeoutError(timeoutMs: number): DOMException {
  return new DOMException(`no whole reply within ${timeoutMs} ms`, 'TimeoutError');
}

/** A {@link SendWhole} over a fetch: the reply's `text()`; a `timeoutMs` through a signal of its own that follows the caller's. */
export function wholeOverFetch(fetch: typeof globalThis.fetch): SendWhole {
  return async (url, init) => {
    const request = (signal: AbortSignal | undefined): RequestInit => ({ method: init.method, headers: init.headers, ...(init.body !== undefined ? { body: init.body } : {}), ...(signal ? { signal } : {}) });
    const read = async (signal: AbortSignal | undefined): Promise<WholeReply> => {
      const response = await fetch(url, request(signal));
      return { status: response.status, statusText: response.statusText, headers: response.headers, body: await response.text() };
    };
    const { timeoutMs } = init;
    if (timeoutMs === undefined) return read(init.signal);
    const own = new AbortController();
    const unlink = linkSignal(init.signal, own);
    const timer = setTimeout(() => own.abort(wholeTimeoutError(timeoutMs)), timeoutMs);
    try {
      return await read(own.signal);
    } catch (err) {
      // Fetch rejects with the abort reason: the caller's, or the timeout's.
      throw own.signal.aborted && !init.signal?.aborted ? wholeTimeoutError(timeoutMs) : err;
    } finally {
      clearTimeout(timer);
      unlink();
    }
  };
}

/** The `whole` paired with a fetch by {@link pairWhole}. */
const PAIRED = new WeakMap<typeof globalThis.fetch, SendWhole>();

/**
 * Pairs `fetch` with a {@link SendWhole} that sends the same way (the same pool, the same routing),
 * and returns `fetch`: given to a provider as its `fetch`, its calls are read whole with `whole`
 * (`vendorSend`) instead of `fetch` and `text()`. `createNodeHttpFetch()` pairs its own.
 */
export function pairWhole(fetch: typeof globalThis.fetch, whole: SendWhole): typeof globalThis.fetch {
  PAIRED.set(fetch, whole);
  return fetch;
}

/** The `whole` paired with `fetch`, if any. */
export function pairedWhole(fetch: typeof globalThis.fetch): SendWhole | undefined {
  return PAIRED.get(fetch);
}
