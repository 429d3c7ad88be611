import { isRetryableCode, type LLMErrorCode } from './error-codes.js';
import { maskCause, redactDeep, redactSecrets, safeString } from './redact.js';

const MARKER = Symbol.for('@llm/errors.LLMError');

export interface LLMErrorOptions {
  code: LLMErrorCode;
  message: string;
  provider?: string | undefined;
  model?: string | undefined;
  /** HTTP status of the vendor reply, when there was one. */
  status?: number | undefined;
  /** Defaults to whether the code is retryable. */
  retryable?: boolean | undefined;
  /** How long the vendor asked us to wait before trying again. */
  retryAfterMs?: number | undefined;
  /** The vendor's request id (`x-request-id`, `request-id`, ...), for support tickets. */
  requestId?: string | undefined;
  /**
   * The library refused the call itself, without the vendor's say: a full rate-limit queue, a spent
   * budget, an invalid request, the caller's abort, a store of its own that failed. Such an error is
   * never counted against the vendor by the circuit breaker, and the retry middleware hands it to
   * the caller instead of retrying it into the same limiter. Default false.
   */
  local?: boolean | undefined;
  /** The error this one wraps; kept as a masked copy (see `cause` on {@link LLMError}). */
  cause?: unknown;
  /** The raw model output that could not be used (malformed_response); masked. */
  rawText?: string | undefined;
  /** Machine-readable details: vendor error type/code, failing fields, attempts; masked. */
  details?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Secrets of any shape to mask beside the known key shapes (the client's key, secret header
   * values, a URL password): masked in the message, rawText, details and the whole cause chain.
   * Not kept.
   */
  secrets?: readonly string[] | undefined;
}

export interface LLMErrorJSON {
  name: 'LLMError';
  code: LLMErrorCode;
  message: string;
  provider?: string;
  model?: string;
  status?: number;
  retryable: boolean;
  local?: boolean;
  retryAfterMs?: number;
  requestId?: string;
  rawText?: string;
  details?: Readonly<Record<string, unknown>>;
  cause?: string;
}

/**
 * The one error type of the framework. Every failure a caller sees is an LLMError.
 *
 * Nothing it exposes holds a secret: the message, `rawText`, `details` and the whole `cause` chain
 * are masked when it is made (known key shapes, bearer tokens, URL passwords, and any `secrets`
 * given), so `toJSON()`, `util.inspect` and `console.error` print masked text. The cause is a
 * masked copy of the original (same `name`, masked `message` and `stack`, `code` and `status`
 * kept), not the original object.
 */
export class LLMError extends Error {
  override readonly name = 'LLMError';
  readonly code: LLMErrorCode;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly retryable: boolean;
  /** The library refused the call itself (see {@link LLMErrorOptions.local}). */
  readonly local: boolean;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly rawText: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly [MARKER] = true;

  constructor(options: LLMErrorOptions) {
    const secrets = options.secrets ?? [];
    super(redactSecrets(safeString(options.message), secrets), options.cause === undefined ? undefined : { cause: maskCause(options.cause, secrets) });
    this.code = options.code;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryable = options.retryable ?? isRetryableCode(options.code);
    this.local = options.local === true;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
    this.rawText = options.rawText === undefined ? undefined : redactSecrets(safeString(options.rawText), secrets);
    this.details = options.details === undefined ? undefined : (redactDeep(options.details, secrets) as Readonly<Record<string, unknown>>);
  }

  /** A copy with some fields replaced (the provider and model are often known only higher up). */
  with(overrides: Partial<LLMErrorOptions>): LLMError {
    return new LLMError({ ...this.toOptions(), ...overrides });
  }

  /** A copy with these secrets masked too, everywhere (message, rawText, details, the cause chain). */
  maskSecrets(secrets: readonly string[]): LLMError {
    return secrets.length === 0 ? this : this.with({ secrets });
  }

  toOptions(): LLMErrorOptions {
    return {
      code: this.code,
      message: this.message,
      provider: this.provider,
      model: this.model,
      status: this.status,
      retryable: this.retryable,
      local: this.local,
      retryAfterMs: this.retryAfterMs,
      requestId: this.requestId,
      cause: this.cause,
      rawText: this.rawText,
      details: this.details,
    };
  }

  toJSON(): LLMErrorJSON {
    const json: LLMErrorJSON = { name: 'LLMError', code: this.code, message: this.message, retryable: this.retryable };
    if (this.provider !== undefined) json.provider = this.provider;
    if (this.model !== undefined) json.model = this.model;
    if (this.status !== undefined) json.status = this.status;
    if (this.local) json.local = true;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    if (this.requestId !== undefined) json.requestId = this.requestId;
    if (this.rawText !== undefined) json.rawText = this.rawText;
    if (this.details !== undefined) json.details = this.details;
    if (this.cause !== undefined) json.cause = this.cause instanceof Error ? `${this.cause.name}: ${this.cause.message}` : safeString(JSON.stringify(this.cause) ?? this.cause);
    return json;
  }

  /** Works across two installed copies of this package (a symbol from the global registry, not `instanceof`). */
  static is(value: unknown): value is LLMError {
    if (typeof value !== 'object' || value === null) return false;
    try {
      return (value as Record<symbol, unknown>)[MARKER] === true;
    } catch {
      // A revoked proxy, a hostile getter: not ours.
      return false;
    }
  }
}

export function isLLMError(value: unknown): value is LLMError {
  return LLMError.is(value);
}
