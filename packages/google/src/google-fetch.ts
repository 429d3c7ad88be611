import { isReplyObject, malformedReply, vendorFetch, type VendorFetchSettings } from '@llm/core';

/**
 * The fetch the @google/genai SDK runs on. A successful JSON reply whose body is not an object
 * (`null`, `42`, a list) ends here as a `malformed_response` carrying the raw body: the SDK would
 * otherwise fail on it with a bare TypeError (it sets a field on the body before we see it).
 * The SDK reads a JSON reply with `response.json()`: that one method is wrapped to look at what it
 * parsed (the reply is not read twice nor copied into a new `Response`; a body that is not JSON at
 * all fails with the SDK's own parse error). Streams and error replies pass through untouched.
 */
export function googleFetch(base: typeof fetch, provider: string): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('application/json')) return response;
    const parse = response.json.bind(response);
    const json = async (): Promise<unknown> => {
      const body: unknown = await parse();
      if (isReplyObject(body)) return body;
      throw malformedReply({ provider }, 'body', 'a JSON object', body, body);
    };
    return Object.defineProperty(response, 'json', { value: json });
  };
}

/**
 * The fetch a Gemini client runs on: `vendorFetch` of the settings (the caller's `fetch` or
 * `transport`, node:http by default; a redirect to another origin never carries `x-goog-api-key`
 * or a secret header) under `googleFetch`. The provider builds its SDK client and its transports'
 * streams on it.
 */
export function googleSdkFetch(settings: VendorFetchSettings = {}, provider = 'google'): typeof fetch {
  return googleFetch(vendorFetch(settings, provider), provider);
}
