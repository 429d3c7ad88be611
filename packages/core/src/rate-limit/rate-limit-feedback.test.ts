import { LLMError, parseRateLimitHeaders } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_PAUSE_MS, rateLimitFeedback } from './rate-limit-feedback.js';

describe('rateLimitFeedback', () => {
  it('a 429 with retry-after pauses for it and keeps the remaining figures', () => {
    const rateLimit = parseRateLimitHeaders({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-remaining-tokens': '900', 'x-ratelimit-reset-tokens': '1s' });
    const err = new LLMError({ code: 'rate_limited', message: '429', retryAfterMs: 1500, details: { rateLimit } });
    expect(rateLimitFeedback(err)).toEqual({ pauseMs: 1500, requests: { remaining: 0, resetMs: 2000 }, tokens: { remaining: 900, resetMs: 1000 } });
  });

  it('a 429 without retry-after pauses until the exhausted window resets, else a default', () => {
    const rateLimit = parseRateLimitHeaders({ 'anthropic-ratelimit-tokens-remaining': '0', 'anthropic-ratelimit-tokens-reset': new Date(Date.now() + 3000).toISOString() });
    const fb = rateLimitFeedback(new LLMError({ code: 'rate_limited', message: '429', details: { rateLimit } }));
    expect(fb?.pauseMs).toBeGreaterThan(2000);
    expect(fb?.pauseMs).toBeLessThanOrEqual(3000);
    expect(rateLimitFeedback(new LLMError({ code: 'rate_limited', message: '429' }))).toEqual({ pauseMs: DEFAULT_RATE_LIMIT_PAUSE_MS });
  });

  it('other errors say nothing', () => {
    expect(rateLimitFeedback(new LLMError({ code: 'overloaded', message: '529', retryAfterMs: 100 }))).toBeUndefined();
    expect(rateLimitFeedback(new Error('x'))).toBeUndefined();
  });

  it("reads a successful reply's providerMetadata rate-limit state (Groq)", () => {
    const rateLimit = parseRateLimitHeaders({ 'x-ratelimit-remaining-requests': '14', 'x-ratelimit-reset-requests': '6m0s' });
    expect(rateLimitFeedback({ providerMetadata: { groq: { rateLimit, timings: {} } } })).toEqual({ requests: { remaining: 14, resetMs: 360_000 } });
    expect(rateLimitFeedback({ providerMetadata: { groq: { timings: {} } } })).toBeUndefined();
    expect(rateLimitFeedback({ text: 'hi' })).toBeUndefined();
  });
});

describe('rateLimitFeedback: partial and odd figures', () => {
  it('keeps only windows with both figures, finite', () => {
    const err = new LLMError({
      code: 'rate_limited',
      message: '429',
      details: { rateLimit: { requests: { remaining: 0 }, tokens: { remaining: Number.NaN, resetMs: 500 } } },
    });
    expect(rateLimitFeedback(err)).toEqual({ pauseMs: DEFAULT_RATE_LIMIT_PAUSE_MS });
  });

  it('pauses until the later of two exhausted windows resets', () => {
    const rateLimit = { requests: { remaining: 0, resetMs: 700 }, tokens: { remaining: 0, resetMs: 4000 } };
    expect(rateLimitFeedback(new LLMError({ code: 'rate_limited', message: '429', details: { rateLimit } }))?.pauseMs).toBe(4000);
  });

  it('ignores state that is not a pair of windows, and vendor metadata that is not an object', () => {
    expect(rateLimitFeedback(new LLMError({ code: 'rate_limited', message: '429', details: { rateLimit: 'soon' } }))).toEqual({ pauseMs: DEFAULT_RATE_LIMIT_PAUSE_MS });
    expect(rateLimitFeedback({ providerMetadata: { groq: 'x', other: null, third: { rateLimit: { requests: {}, tokens: {} } } } })).toBeUndefined();
    expect(rateLimitFeedback({ providerMetadata: { groq: { rateLimit: { requests: null, tokens: {} } } } })).toBeUndefined();
    expect(rateLimitFeedback(null)).toBeUndefined();
    expect(rateLimitFeedback('429')).toBeUndefined();
  });
});

describe('rateLimitFeedback: what it leaves out', () => {
  it('pauses for the window that is exhausted, not for one with requests left', () => {
    const rateLimit = { requests: { remaining: 5, resetMs: 60_000 }, tokens: { remaining: 0, resetMs: 1200 } };
    expect(rateLimitFeedback(new LLMError({ code: 'rate_limited', message: '429', details: { rateLimit } }))).toStrictEqual({ pauseMs: 1200, ...rateLimit });
  });

  it('has no key for a window it could not read (not even an undefined one)', () => {
    const only = rateLimitFeedback(new LLMError({ code: 'rate_limited', message: '429', details: { rateLimit: { requests: {}, tokens: { remaining: 3, resetMs: 100 } } } }));
    expect(only).toStrictEqual({ pauseMs: DEFAULT_RATE_LIMIT_PAUSE_MS, tokens: { remaining: 3, resetMs: 100 } });
    expect(Object.keys(rateLimitFeedback({ providerMetadata: { groq: { rateLimit: { requests: { remaining: 9, resetMs: 50 }, tokens: {} } } } }) ?? {})).toEqual(['requests']);
  });

  it('takes null and undefined anywhere without throwing: a null state, a vendor entry that is undefined, an undefined outcome', () => {
    expect(rateLimitFeedback(new LLMError({ code: 'rate_limited', message: '429', details: { rateLimit: null } }))).toStrictEqual({ pauseMs: DEFAULT_RATE_LIMIT_PAUSE_MS });
    expect(rateLimitFeedback({ providerMetadata: { groq: { rateLimit: null } } })).toBeUndefined();
    expect(rateLimitFeedback({ providerMetadata: { first: undefined, groq: { rateLimit: { requests: { remaining: 1, resetMs: 10 }, tokens: {} } } } })).toStrictEqual({ requests: { remaining: 1, resetMs: 10 } });
    expect(rateLimitFeedback(undefined)).toBeUndefined();
  });
});
