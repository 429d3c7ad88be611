import { LLMError, secretHeaderValues, urlSecrets } from '@llm/errors';

/**
 * The secrets a provider is built with, to mask by value in every error it makes: the key, the
 * values of secret-looking headers and a base URL's userinfo. (The client masks its config's
 * secrets at its own edge; this covers a provider used without a client.)
 */
export function providerSecrets(settings: { apiKey?: string | undefined; headers?: Record<string, string> | undefined; baseUrl?: string | undefined }): string[] {
  const out: string[] = [];
  if (settings.apiKey) out.push(settings.apiKey);
  if (settings.headers) out.push(...secretHeaderValues(settings.headers));
  if (settings.baseUrl) out.push(...urlSecrets(settings.baseUrl));
  return out;
}

/** `call()`, with an LLMError it rejects with masked for `secrets` too. */
export async function maskingSecrets<T>(secrets: readonly string[], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw LLMError.is(err) ? err.maskSecrets(secrets) : err;
  }
}
