/**
 * Masks secrets in free text: API keys of the known vendors, bearer tokens,
 * `key=` query parameters and `x-api-key` / `authorization` header values.
 * Used on every message and serialised error so a key never leaves the process in a log.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(sk-(?:ant-|or-|proj-)?[A-Za-z0-9_-]{6})[A-Za-z0-9_-]{6,}/g, // OpenAI, Anthropic, OpenRouter
  /\b(gsk_[A-Za-z0-9]{4})[A-Za-z0-9]{8,}/g, // Groq
  /\b(AIza[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{10,}/g, // Google
  /\b([Bb]earer\s+)[A-Za-z0-9._~+/=-]{8,}/g,
  /([?&](?:key|api_key|apikey)=)[^&\s"']+/g,
  /((?:x-api-key|x-goog-api-key|authorization|api-key)["']?\s*[:=]\s*["']?)(?!\*\*\*)[^\s"',}]+/gi,
];

export const REDACTED = '***';

export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_m, keep: string) => `${keep}${REDACTED}`);
  }
  return out;
}

/** Header names whose values are never shown. */
export const SECRET_HEADER_NAMES: ReadonlySet<string> = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADER_NAMES.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}
