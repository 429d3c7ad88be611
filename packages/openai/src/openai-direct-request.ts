import { linkSignal, wholeOverFetch, type SendWhole, type WholeReply } from '@llm/core';
import OpenAI from 'openai';

type FinalRequestOptions = Parameters<OpenAI['buildRequest']>[0];

/** The URL and headers of a Chat Completions request, as the SDK builds them for one client (the same for a stream and a call). */
interface RequestHead {
  url: string;
  headers: Record<string, string>;
}

const PATH = '/chat/completions';

function errorOf(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function isAbort(err: Error): boolean {
  return err.name === 'AbortError' || /timed? ?out/i.test(String(err) + ('cause' in err ? String(err.cause) : ''));
}

/**
 * Sends a Chat Completions request, streamed or not, the way the openai SDK's `create(...)` does,
 * without its per-request pipeline: the URL and headers are the SDK's own, built once per client
 * through its public `buildRequest` (the key, `User-Agent`, the `x-stainless-*` headers, the
 * client's default headers, `content-type`; a stream's request and a call's have the same), the
 * body is the JSON it would encode, and the request goes out through the fetch the client was made
 * with, under the client's timeout until the reply's headers arrive. What comes back is the SDK's
 * too: a non-2xx reply is its `APIError` (made by `APIError.generate` from the body, as the SDK
 * makes it), a failed connection its `APIConnectionError` or `APIConnectionTimeoutError`, an abort
 * its `APIUserAbortError`; a call's body is read as the SDK reads it (`json`).
 *
 * The SDK's per-request work this leaves out (its header merging into a `Headers`, async steps, the
 * debug-log objects it formats even with logging off, the response-header copy for its log line)
 * cost a gateway about a seventh of its CPU per stream and an eighth per non-streaming call
 * (0.87-0.89 of the SDK route's, same trial). Only for a client without retries
 * (`maxRetries: 0`) and with a fixed key: a call with headers of its own has them merged by the
 * SDK (`buildRequest` for that call).
 */
export class OpenAIDirectRequest {
  private head: Promise<RequestHead> | undefined;
  private readonly whole: SendWhole;

  constructor(
    private readonly client: OpenAI,
    /** The fetch `client` was made with. */
    private readonly fetch: typeof globalThis.fetch,
    /** How a call's reply is read whole, going the way `fetch` goes (core's `vendorSend`); `fetch` and `text()` by default. */
    whole?: SendWhole,
  ) {
    this.whole = whole ?? wholeOverFetch(fetch);
  }

  /**
   * Whether `client` can be sent for this way: the SDK would make exactly one attempt, and its
   * headers carry nothing made per request (an idempotency key, which the SDK adds when a client
   * names an `idempotencyHeader`; OpenAI's does not, a subclass may).
   */
  static suits(client: OpenAI): boolean {
    return client.maxRetries === 0 && (client as unknown as { idempotencyHeader?: string }).idempotencyHeader === undefined;
  }

  private options(body: object, headers: Record<string, string> | undefined): FinalRequestOptions {
    // One head for streams and calls: the SDK's buildRequest does not read `stream`.
    return { method: 'post', path: PATH, body, __security: { bearerAuth: true }, ...(headers ? { headers } : {}) };
  }

  private async build(body: object, headers: Record<string, string> | undefined): Promise<RequestHead> {
    const { req, url } = await this.client.buildRequest(this.options(body, headers));
    return { url, headers: Object.fromEntries(req.headers as Headers) };
  }

  /**
   * Sends the request; resolves with the raw reply once its headers are in (status 2xx). A stream's
   * body is read by the caller, and the caller's abort reaches it for as long as the stream lives
   * (a stream's signal is its own, so nothing is left on a signal that outlives it).
   */
  async open(body: object, signal: AbortSignal | undefined, headers: Record<string, string> | undefined): Promise<Response> {
    const head = await this.headFor(body, headers);
    if (signal?.aborted) throw new OpenAI.APIUserAbortError();
    const controller = new AbortController();
    // As the SDK does: the caller's abort reaches the request and its body for as long as it is read.
    const release = linkSignal(signal, controller);
    const timer = setTimeout(() => controller.abort(), this.client.timeout);
    let response: Response;
    try {
      response = await this.fetch(head.url, { method: 'POST', headers: head.headers, body: JSON.stringify(body), signal: controller.signal });
    } catch (err) {
      release();
      throw connectionError(err, signal);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      const text = await response.text().catch((err: unknown) => errorOf(err).message);
      release();
      throw apiError(response.status, text, response.headers);
    }
    return response;
  }

  /**
   * Sends a non-streaming request and reads its reply as the SDK's `create(...).withResponse()`
   * does: a JSON reply (`application/json`, `+json`) parsed as JSON, an empty one
   * (`content-length: 0`, status 204) as nothing, anything else as its text; errors as `open`'s.
   * The reply is read whole (`whole`: on node:http without a `Response` or web stream) under the
   * client's timeout, its body included (the SDK's covers the wait for the headers only, and a body
   * that stalls after them would hang the call). Once it is read, the caller's signal is let go: a
   * signal given to many calls (one for a whole job, say) does not collect a listener per call.
   */
  async json(body: object, signal: AbortSignal | undefined, headers: Record<string, string> | undefined): Promise<{ data: unknown; headers: Headers }> {
    const head = await this.headFor(body, headers);
    if (signal?.aborted) throw new OpenAI.APIUserAbortError();
    let reply: WholeReply;
    try {
      // The caller's signal as it is, and the client's timeout over the whole exchange: no controller of our own.
      reply = await this.whole(head.url, { method: 'POST', headers: head.headers, body: JSON.stringify(body), signal, timeoutMs: this.client.timeout });
    } catch (err) {
      throw connectionError(err, signal);
    }
    if (reply.status < 200 || reply.status > 299) throw apiError(reply.status, reply.body, reply.headers);
    return { data: replyData(reply), headers: reply.headers };
  }

  private async headFor(body: object, headers: Record<string, string> | undefined): Promise<RequestHead> {
    if (headers) return this.build(body, headers);
    this.head ??= this.build({}, undefined);
    try {
      return await this.head;
    } catch (err) {
      this.head = undefined;
      throw err;
    }
  }
}

/** A failed send as the SDK reports it: the caller's abort, the client's timeout, or the connection. */
function connectionError(err: unknown, signal: AbortSignal | undefined): Error {
  const error = errorOf(err);
  if (signal?.aborted) return new OpenAI.APIUserAbortError();
  if (isAbort(error)) return new OpenAI.APIConnectionTimeoutError();
  return new OpenAI.APIConnectionError({ cause: error });
}

/** A non-2xx reply as the SDK's error (`APIError.generate` from the body, as the SDK makes it). */
function apiError(status: number, text: string, headers: Headers): Error {
  const json = parseJson(text);
  return OpenAI.APIError.generate(status, json, json ? undefined : text, headers);
}

/** A non-streaming reply's body, as the SDK's `defaultParseResponse` reads it. */
function replyData(reply: WholeReply): unknown {
  if (reply.status === 204) return null;
  const mediaType = reply.headers.get('content-type')?.split(';')[0]?.trim();
  if (mediaType?.includes('application/json') || mediaType?.endsWith('+json')) {
    if (reply.headers.get('content-length') === '0') return undefined;
    return JSON.parse(reply.body) as unknown;
  }
  return reply.body;
}

function parseJson(text: string): object | undefined {
  try {
    return JSON.parse(text) as object;
  } catch {
    return undefined;
  }
}
