import { describe, expect, it } from 'vitest';
import { parseDurationHeader, parseRateLimitHeaders } from './rate-limit-headers.js';

describe('parseDurationHeader', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['0.5', 500],
    ['7.66s', 7660],
  ])('%s -> %i ms', (text, ms) => expect(parseDurationHeader(text)).toBe(ms));
  it('rejects what is not a duration', () => {
    expect(parseDurationHeader('soon')).toBeUndefined();
    expect(parseDurationHeader('1s later')).toBeUndefined();
  });
});

describe('parseRateLimitHeaders', () => {
  it('reads OpenAI/Groq headers', () => {
    const state = parseRateLimitHeaders({ 'x-ratelimit-limit-requests': '30', 'x-ratelimit-remaining-requests': '29', 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-limit-tokens': '6000', 'x-ratelimit-remaining-tokens': '5900', 'x-ratelimit-reset-tokens': '1s' });
    expect(state).toEqual({ requests: { limit: 30, remaining: 29, resetMs: 2000 }, tokens: { limit: 6000, remaining: 5900, resetMs: 1000 } });
  });
  it("reads OpenRouter's single window with an epoch-ms reset", () => {
    const now = 1_700_000_000_000;
    expect(parseRateLimitHeaders({ 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now + 4000) }, now)?.requests).toEqual({ limit: 20, remaining: 0, resetMs: 4000 });
  });
  it('is undefined without rate-limit headers', () => {
    expect(parseRateLimitHeaders({ 'content-type': 'application/json' })).toBeUndefined();
  });
});
