import { LLMError } from '@llm/errors';
import type { CallOptions } from './call-options.js';

/** The longest delay a timer can take (2^31 - 1 ms); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Line breaks and NUL would split the request; other control characters are refused by fetch.
// eslint-disable-next-line no-control-regex
const HEADER_VALUE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return isRecord(value) && typeof value.aborted === 'boolean' && typeof value.addEventListener === 'function' && typeof value.removeEventListener === 'function';
}

const inTimerRange = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_TIMER_MS;

function checkHeaders(headers: unknown, issues: string[]): void {
  if (!isRecord(headers)) {
    issues.push('headers: expected an object of header names and string values');
    return;
  }
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const shown = JSON.stringify(name.slice(0, 64));
    if (!HEADER_NAME.test(name)) issues.push(`headers[${shown}]: not a valid HTTP header name`);
    else if (typeof value !== 'string') issues.push(`headers.${name}: expected a string`);
    else if (!HEADER_VALUE.test(value)) issues.push(`headers.${name}: a header value may not hold line breaks or control characters`);
  }
}

const TIMEOUT_KEYS = new Set(['total', 'firstChunk', 'idle']);
const RETRY_KEYS = new Set(['maxRetries', 'initialDelay', 'multiplier', 'maxDelay', 'maxTotalTime']);

function checkTimeouts(timeouts: unknown, issues: string[]): void {
  if (!isRecord(timeouts)) {
    issues.push('timeouts: expected an object of limits in ms');
    return;
  }
  for (const key of Object.keys(timeouts)) {
    const value = timeouts[key];
    if (!TIMEOUT_KEYS.has(key)) issues.push(`timeouts.${key.slice(0, 64)}: unknown limit (total, firstChunk or idle)`);
    else if (value !== undefined && !inTimerRange(value)) issues.push(`timeouts.${key}: expected ms from 0 to ${MAX_TIMER_MS}`);
  }
}

function checkRetry(retry: unknown, issues: string[]): void {
  if (!isRecord(retry)) {
    issues.push('retry: expected an object of retry settings');
    return;
  }
  for (const key of Object.keys(retry)) {
    const value = retry[key];
    if (!RETRY_KEYS.has(key)) {
      issues.push(`retry.${key.slice(0, 64)}: unknown setting`);
      continue;
    }
    if (value === undefined) continue;
    if (key === 'maxRetries' && !(Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 100)) issues.push('retry.maxRetries: expected an integer from 0 to 100');
    else if (key === 'multiplier' && !(typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 100)) issues.push('retry.multiplier: expected a number from 1 to 100');
    else if (key !== 'maxRetries' && key !== 'multiplier' && !inTimerRange(value)) issues.push(`retry.${key}: expected ms from 0 to ${MAX_TIMER_MS}`);
  }
}

const OPTION_KEYS = new Set(['signal', 'headers', 'retry', 'timeouts', 'onActivity', 'scope']);

/**
 * Checks a call's options where the call enters (cheap: only the fields given are looked at):
 * a signal that is an AbortSignal, headers a request can carry (no line breaks: they would split
 * it), limits a timer can wait. Throws one local `invalid_request` naming every bad field.
 */
export function validateCallOptions(options: unknown, ctx: { provider: string; model: string }): CallOptions | undefined {
  if (options === undefined) return undefined;
  const issues: string[] = [];
  if (!isRecord(options)) {
    issues.push(`(root): call options must be an object, got ${options === null ? 'null' : typeof options}`);
  } else {
    for (const key of Object.keys(options)) {
      const value = options[key];
      if (value === undefined) continue;
      switch (key) {
        case 'signal':
          if (!isAbortSignal(value)) issues.push('signal: expected an AbortSignal');
          break;
        case 'headers':
          checkHeaders(value, issues);
          break;
        case 'timeouts':
          checkTimeouts(value, issues);
          break;
        case 'retry':
          checkRetry(value, issues);
          break;
        case 'onActivity':
          if (typeof value !== 'function') issues.push('onActivity: expected a function');
          break;
        case 'scope':
          if (!isRecord(value)) issues.push('scope: expected an object');
          break;
        default:
          if (!OPTION_KEYS.has(key)) issues.push(`${key.slice(0, 64)}: unknown call option (signal, headers, retry or timeouts)`);
      }
    }
  }
  if (issues.length > 0) {
    throw new LLMError({ code: 'invalid_request', message: `invalid call options: ${issues.join('; ')}`, ...ctx, provider: ctx.provider, retryable: false, local: true, details: { fields: issues } });
  }
  return options as CallOptions;
}
