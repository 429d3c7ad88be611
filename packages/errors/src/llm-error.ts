import { isRetryableCode, type LLMErrorCode } from './error-codes.js';
import { redactSecrets } from './redact.js';

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
  cause?: unknown;
  /** The raw model output that could not be used (malformed_response). */
  rawText?: string | undefined;
  /** Machine-readable details: vendor error type/code, failing fields, attempts. */
  details?: Readonly<Record<string, unknown>> | undefined;
}

export interface LLMErrorJSON {
  name: 'LLMError';
  code: LLMErrorCode;
  message: string;
  provider?: string;
  model?: string;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
  requestId?: string;
  rawText?: string;
  details?: Readonly<Record<string, unknown>>;
  cause?: string;
}

/** The one error type of the framework. Every failure a caller sees is an LLMError. */
export class LLMError extends Error {
  override readonly name = 'LLMError';
  readonly code: LLMErrorCode;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly rawText: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly [MARKER] = true;

  constructor(options: LLMErrorOptions) {
    super(redactSecrets(options.message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryable = options.retryable ?? isRetryableCode(options.code);
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
    this.rawText = options.rawText;
    this.details = options.details;
  }

  /** A copy with some fields replaced (the provider and model are often known only higher up). */
  with(overrides: Partial<LLMErrorOptions>): LLMError {
    return new LLMError({ ...this.toOptions(), ...overrides });
  }

  toOptions(): LLMErrorOptions {
    return {
      code: this.code,
      message: this.message,
      provider: this.provider,
      model: this.model,
      status: this.status,
      retryable: this.retryable,
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
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    if (this.requestId !== undefined) json.requestId = this.requestId;
    if (this.rawText !== undefined) json.rawText = this.rawText;
    if (this.details !== undefined) json.details = JSON.parse(redactSecrets(JSON.stringify(this.details))) as Record<string, unknown>;
    if (this.cause !== undefined) json.cause = redactSecrets(this.cause instanceof Error ? `${this.cause.name}: ${this.cause.message}` : String(this.cause));
    return json;
  }

  /** Works across two installed copies of this package (a symbol from the global registry, not `instanceof`). */
  static is(value: unknown): value is LLMError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

export function isLLMError(value: unknown): value is LLMError {
  return LLMError.is(value);
}
