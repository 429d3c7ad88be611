import { isSecretHeader, LLMError } from '@llm/errors';

/** The statuses fetch follows as redirects. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Headers that carry a vendor credential, whatever their value looks like. */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'x-goog-api-key', 'api-key']);
/** As many redirects as fetch itself follows. */
const MAX_REDIRECTS = 20;

/** The request's headers without any credential: the known ones, and any secret-looking name or value. */
function withoutCredentials(headers: RequestInit['headers']): Headers {
  const out = new Headers(headers);
  for (const [name, value] of [...out.entries()]) {
    if (CREDENTIAL_HEADERS.has(name) || isSecretHeader(name, value)) out.delete(name);
  }
  return out;
}

/** A reply as far as a redirect needs it; its body, when still unread, is cancelled before the next hop. */
export interface RedirectReply {
  status: number;
  headers: Headers;
  body?: ReadableStream<Uint8Array> | null;
}

/**
 * Sends `request` to `url` through `base` and follows redirects as {@link credentialSafeFetch}
 * does, credentials never leaving `url`'s origin. `first`, when given, is the reply already received
 * for that request (read some other way): it is not sent again, and its redirect is followed from there.
 */
export function followRedirects(base: typeof fetch, url: URL, request: RequestInit): Promise<Response>;
export function followRedirects(base: typeof fetch, url: URL, request: RequestInit, first: RedirectReply): Promise<Response | RedirectReply>;
export async function followRedirects(base: typeof fetch, url: URL, request: RequestInit, first?: RedirectReply): Promise<Response | RedirectReply> {
  const origin = url.origin;
  let reply: Response | RedirectReply | undefined = first;
  for (let hop = 0; ; hop++) {
    const response: Response | RedirectReply = reply ?? (await base(url.href, request));
    reply = undefined;
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    if (hop === MAX_REDIRECTS) throw new LLMError({ code: 'network', message: `the vendor redirected more than ${MAX_REDIRECTS} times (last to ${new URL(location, url).origin})` });
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, url);
    const method = (request.method ?? 'GET').toUpperCase();
    if ((response.status === 303 && method !== 'GET' && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      const headers = new Headers(request.headers);
      for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
      request = { ...request, method: 'GET', body: null, headers };
    }
    if (next.origin !== origin) request = { ...request, headers: withoutCredentials(request.headers) };
    url = next;
  }
}

/**
 * A fetch for vendor SDKs that follows redirects itself, so that a redirect to another origin
 * never carries credentials: fetch drops only `Authorization` there, and would send
 * `x-api-key`, `x-goog-api-key` and a caller's secret headers on. Within the vendor's origin a
 * redirect is followed as fetch would; once the request has left it, every credential header (the
 * known ones, and any secret-looking name or value) stays off, even if it is sent back. 303 (and
 * 301/302 for a POST) become a GET without a body, as fetch does.
 */
export function credentialSafeFetch(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    // SDKs pass a URL; a Request object carries its own redirect mode and is left as it is.
    if (typeof input !== 'string' && !(input instanceof URL)) return base(input, init);
    return followRedirects(base, new URL(input), { ...init, redirect: 'manual' });
  };
}
