import { LLMError, safeString } from '@llm/errors';

/**
 * Cheap shape checks for vendor replies, for the transports' hot paths: a `typeof` or two per
 * field, no schema library per chunk. A field of the wrong type is a `malformed_response`
 * (not retryable: the same request gets the same reply) that names the field and keeps the raw
 * reply, masked by LLMError like everything it holds. Absent fields (`undefined`, `null`) are
 * the caller's to default.
 */
export interface ReplyContext {
  provider: string;
  model?: string | undefined;
}

/** How much of a raw reply an error keeps. */
const RAW_LIMIT = 4000;

/** A raw reply as text for an error's `rawText` (JSON where it can be, cut to a few kB). */
export function rawReplyText(raw: unknown): string {
  let text: string;
  try {
    text = typeof raw === 'string' ? raw : (JSON.stringify(raw) ?? String(raw));
  } catch {
    text = safeString(raw);
  }
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text;
}

/** The JSON type of a value, as an error message names it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : String(value);
    case 'boolean':
      return 'a boolean';
    default:
      return typeof value;
  }
}

/** A `malformed_response` for a reply whose `field` is not what it must be. */
export function malformedReply(ctx: ReplyContext, field: string, expected: string, value: unknown, raw: unknown): LLMError {
  return new LLMError({
    code: 'malformed_response',
    message: `${ctx.provider} malformed_response: the reply's ${field} is ${jsonTypeOf(value)}, not ${expected}`,
    provider: ctx.provider,
    model: ctx.model,
    retryable: false,
    rawText: rawReplyText(raw),
    details: { field },
  });
}

export function isReplyObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The field as text; undefined when absent. */
export function replyString(value: unknown, field: string, ctx: ReplyContext, raw: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return undefined;
  throw malformedReply(ctx, field, 'text', value, raw);
}

/** The field as a token count (a finite number, not negative); undefined when absent. */
export function replyCount(value: unknown, field: string, ctx: ReplyContext, raw: unknown): number | undefined {
  if (typeof value === 'number' && value >= 0 && value !== Infinity) return value;
  if (value === undefined || value === null) return undefined;
  throw malformedReply(ctx, field, 'a count', value, raw);
}

/** The field as a list; undefined when absent. */
export function replyList(value: unknown, field: string, ctx: ReplyContext, raw: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return undefined;
  throw malformedReply(ctx, field, 'a list', value, raw);
}

/** The field as an object; undefined when absent. */
export function replyObject(value: unknown, field: string, ctx: ReplyContext, raw: unknown): Record<string, unknown> | undefined {
  if (isReplyObject(value)) return value;
  if (value === undefined || value === null) return undefined;
  throw malformedReply(ctx, field, 'an object', value, raw);
}
