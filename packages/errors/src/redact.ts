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
  /\b([Bb]asic\s+)[A-Za-z0-9+/=]{8,}/g,
  /([?&](?:key|api_key|apikey|access_token|token)=)[^&\s"']+/g,
  /((?:x-api-key|x-goog-api-key|authorization|proxy-authorization|api-key)["']?\s*[:=]\s*["']?)(?!\*\*\*)[^\s"',}]+/gi,
  // The password of a URL's userinfo: https://user:secret@host
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"']*:)[^\s/@"']+(?=@)/gi,
];

export const REDACTED = '***';

/** Secrets shorter than this are not masked by value (they would mask ordinary words). */
const MIN_SECRET_LENGTH = 4;

/** The string form of anything, never throwing (a hostile `toString` gives a placeholder). */
export function safeString(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return `[unprintable ${typeof value}]`;
  }
}

/** Masks the known key shapes and every given secret (the client's key, header values, URL passwords) in `text`. */
export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = safeString(text);
  for (const secret of extraSecrets) {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_m, keep: string) => `${keep}${REDACTED}`);
  }
  return out;
}

/** How deep `redactDeep` copies before it gives up on a branch. */
const MAX_DEPTH = 12;

/**
 * A copy of `value` with every string in it masked (see {@link redactSecrets}): plain data for
 * error details and logs. Cycles and branches deeper than twelve levels become placeholders, so
 * it never throws and never recurses without bound.
 */
export function redactDeep(value: unknown, extraSecrets: readonly string[] = [], depth = 0, seen: Set<object> = new Set()): unknown {
  if (typeof value === 'string') return redactSecrets(value, extraSecrets);
  if (typeof value !== 'object' || value === null) return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redactDeep(v, extraSecrets, depth + 1, seen));
    if (value instanceof Error) return maskCause(value, extraSecrets, depth, seen);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (key === '__proto__') continue;
      out[key] = redactDeep((value as Record<string, unknown>)[key], extraSecrets, depth + 1, seen);
    }
    return out;
  } catch {
    return '[Unreadable]';
  } finally {
    seen.delete(value);
  }
}

/** Primitive fields of a cause worth keeping beside its name and message (errno details, HTTP status). */
const CAUSE_FIELDS = ['code', 'errno', 'syscall', 'status', 'type'] as const;

/**
 * A masked copy of an error's cause chain: a plain `Error` with the same `name`, the message and
 * stack masked, its `code`/`status`/... kept and its own cause masked the same way. An error that
 * has a `mask(secrets)` method (an LLMError) masks itself.
 */
export function maskCause(cause: unknown, extraSecrets: readonly string[] = [], depth = 0, seen: Set<object> = new Set()): unknown {
  if (!(cause instanceof Error)) return redactDeep(cause, extraSecrets, depth, seen);
  const self = (cause as { maskSecrets?: unknown }).maskSecrets;
  if (typeof self === 'function') return (self as (s: readonly string[]) => unknown).call(cause, extraSecrets);
  let name = 'Error';
  let message = '';
  let stack: string | undefined;
  let inner: unknown;
  try {
    name = safeString(cause.name);
    message = safeString(cause.message);
    stack = typeof cause.stack === 'string' ? cause.stack : undefined;
    inner = (cause as { cause?: unknown }).cause;
  } catch {
    // A hostile getter: keep what was read.
  }
  const copy = new Error(redactSecrets(message, extraSecrets));
  if (name !== copy.name) copy.name = name;
  copy.stack = stack === undefined ? `${name}: ${copy.message}` : redactSecrets(stack, extraSecrets);
  for (const field of CAUSE_FIELDS) {
    try {
      const value = (cause as unknown as Record<string, unknown>)[field];
      if (typeof value === 'string') Object.assign(copy, { [field]: redactSecrets(value, extraSecrets) });
      else if (typeof value === 'number') Object.assign(copy, { [field]: value });
    } catch {
      // Unreadable field: left out.
    }
  }
  if (inner !== undefined && depth < MAX_DEPTH && !(inner instanceof Object && seen.has(inner))) {
    if (inner instanceof Object) seen.add(inner);
    Object.defineProperty(copy, 'cause', { value: maskCause(inner, extraSecrets, depth + 1, seen), enumerable: false, writable: true, configurable: true });
  }
  return copy;
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

/** Header names that say their value is a credential, whatever the vendor calls them (`x-my-token`, `x-secret`). */
const SECRET_NAME_RE = /auth|key|token|secret|passw|cookie|session|signature|credential/i;

/** Whether a header's value is a secret: a known credential header, a name that says so, or a value shaped like a key. */
export function isSecretHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADER_NAMES.has(lower) || SECRET_NAME_RE.test(lower) || redactSecrets(value) !== value;
}

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isSecretHeader(name, safeString(value)) ? REDACTED : value;
  }
  return out;
}

/** The values of the secret headers in `headers` (see {@link isSecretHeader}), for masking by value. */
export function secretHeaderValues(headers: Readonly<Record<string, string>> | undefined): string[] {
  if (!headers) return [];
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') continue;
    if (isSecretHeader(name, value)) {
      out.push(value);
      // `Bearer <token>`: the token alone may be echoed too.
      const token = /^\s*(?:bearer|basic|token)\s+(\S+)\s*$/i.exec(value)?.[1];
      if (token) out.push(token);
    }
  }
  return out;
}

/** The secrets a URL carries in its userinfo (`https://user:password@host`), for masking by value. */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    const out: string[] = [];
    const decode = (v: string) => {
      try {
        return decodeURIComponent(v);
      } catch {
        return v;
      }
    };
    // With a password, the password is the secret; alone, the user name is (`https://<token>@host`).
    const secret = parsed.password || parsed.username;
    if (secret) out.push(secret, decode(secret));
    return out;
  } catch {
    return [];
  }
}
