import { credentialSafeFetch, malformedReply } from '@llm/core';

/**
 * The fetch the @google/genai SDK runs on. A successful JSON reply whose body is not an object
 * (`null`, `42`, a list) ends here as a `malformed_response` carrying the raw body: the SDK would
 * otherwise fail on it with a bare TypeError (it sets a field on the body before we see it).
 * Streams and error replies pass through untouched; an object body costs one look at its first
 * character.
 */
export function googleFetch(base: typeof fetch, provider: string): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('application/json')) return response;
    const text = await response.text();
    if (text.trimStart().startsWith('{')) return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON at all: the SDK's own parse error says so.
      return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    throw malformedReply({ provider }, 'body', 'a JSON object', body, text);
  };
}

/**
 * The fetch a Gemini client runs on: `custom` (or the global fetch) behind `credentialSafeFetch`
 * (a redirect to another origin never carries `x-goog-api-key` or a secret header) and
 * `googleFetch`. The provider builds its SDK client and its transports' streams on it.
 */
export function googleSdkFetch(custom: typeof fetch | undefined, provider = 'google'): typeof fetch {
  return googleFetch(credentialSafeFetch(custom ?? ((input, init) => fetch(input, init))), provider);
}
