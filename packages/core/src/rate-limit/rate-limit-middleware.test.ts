import { LLMError, parseRateLimitHeaders } from '@llm/errors';
import type { MetricsRecorder } from '@llm/metrics';
import { describe, expect, it, vi } from 'vitest';
import { createChatModel, type ChatTransport, type TransportResponse } from '../model/index.js';
import { applyMiddleware } from '../middleware/index.js';
import { rateLimitMiddleware, rateLimitOptionsFromConfig } from './rate-limit-middleware.js';
import { RateLimiter } from './rate-limiter.js';
import { ClientConfigSchema } from '../config/index.js';

interface Script {
  delayMs?: number;
  error?: () => unknown;
  usageTokens?: number;
  providerMetadata?: Record<string, unknown>;
}

function model(script: Script = {}, calls: number[] = []) {
  let active = 0;
  let peak = 0;
  const reply = (): TransportResponse => {
    const r: TransportResponse = {
      text: 'ok',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 0, outputTokens: script.usageTokens ?? 10, totalTokens: script.usageTokens ?? 10 },
    };
    if (script.providerMetadata) r.providerMetadata = script.providerMetadata;
    return r;
  };
  const transport: ChatTransport = {
    provider: 'mock',
    modelId: 'm1',
    async doChat() {
      calls.push(performance.now());
      active++;
      peak = Math.max(peak, active);
      try {
        if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
        if (script.error) throw script.error();
        return reply();
      } finally {
        active--;
      }
    },
    async *doStream() {
      calls.push(performance.now());
      active++;
      peak = Math.max(peak, active);
      try {
        yield { type: 'text-delta', text: 'o' };
        if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
        yield { type: 'text-delta', text: 'k' };
        yield { type: 'usage', usage: reply().usage! };
        yield { type: 'finish', finishReason: 'stop' };
      } finally {
        active--;
      }
    },
  };
  return { chatModel: createChatModel(transport), calls, peak: () => peak };
}

const ask = { messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 10 };

describe('rateLimitMiddleware', () => {
  it('64 concurrent callers under R requests/s: never above R in a window, at least 95% of R', async () => {
    const R = 50;
    const W = 1000;
    const WINDOWS = 3;
    const { chatModel, calls } = model();
    const limited = applyMiddleware(chatModel, rateLimitMiddleware({ requests: R, windowMs: W }));
    const t0 = performance.now();
    const end = t0 + WINDOWS * W;
    const caller = async () => {
      while (performance.now() < end) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), Math.max(0, end - performance.now()));
        try {
          await limited.chat(ask, { signal: controller.signal });
        } catch (err) {
          if (!(LLMError.is(err) && err.code === 'canceled')) throw err;
        } finally {
          clearTimeout(timer);
        }
      }
    };
    await Promise.all(Array.from({ length: 64 }, caller));
    // Windows of W from the start: the limiter lets R through at once, then each next call only
    // when a call of the previous window has left it, so no window can hold more than R.
    const perWindow = Array.from({ length: WINDOWS }, (_, k) => calls.filter((t) => t >= t0 + k * W && t < t0 + (k + 1) * W).length);
    for (const n of perWindow) expect(n).toBeLessThanOrEqual(R);
    const total = perWindow.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(Math.ceil(0.95 * R * WINDOWS));
  }, 15_000);

  it('limits calls in flight and records the wait', async () => {
    const { chatModel, peak } = model({ delayMs: 20 });
    const rateLimitWait = vi.fn();
    const metrics = { rateLimitWait } as unknown as MetricsRecorder;
    const limited = applyMiddleware(chatModel, rateLimitMiddleware({ maxConcurrent: 2, metrics }));
    await Promise.all(Array.from({ length: 6 }, () => limited.chat(ask)));
    expect(peak()).toBe(2);
    expect(rateLimitWait).toHaveBeenCalledTimes(6);
    expect(rateLimitWait.mock.calls[0]![0]).toEqual({ provider: 'mock', requestModel: 'm1' });
    expect(Math.max(...rateLimitWait.mock.calls.map((c) => c[1] as number))).toBeGreaterThanOrEqual(15);
  });

  it('a stream holds its slot until it ends', async () => {
    const { chatModel, peak } = model({ delayMs: 20 });
    const limited = applyMiddleware(chatModel, rateLimitMiddleware({ maxConcurrent: 1 }));
    const texts = await Promise.all([1, 2, 3].map(async () => (await limited.streamChat(ask).response).text));
    expect(texts).toEqual(['ok', 'ok', 'ok']);
    expect(peak()).toBe(1);
  });

  it('reserves the estimate and reconciles with real usage', async () => {
    const { chatModel } = model({ usageTokens: 100 });
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, tokens: 1000 } });
    const limited = applyMiddleware(chatModel, rateLimitMiddleware({ limiter, estimateTokens: () => 600 }));
    await limited.chat(ask);
    // 600 reserved, 100 really used: 900 still fit, 901 do not.
    expect((await limiter.store.tryAcquire({ key: 'mock:m1', tokens: 901, rules: limiter.rules, leaseMs: 1000 })).granted).toBe(false);
    expect((await limiter.store.tryAcquire({ key: 'mock:m1', tokens: 900, rules: limiter.rules, leaseMs: 1000 })).granted).toBe(true);
  });

  it('a 429 pauses the key so the next call waits for the reset', async () => {
    let fail = true;
    const { chatModel, calls } = model({
      error: () => {
        if (!fail) return undefined;
        fail = false;
        return new LLMError({ code: 'rate_limited', message: '429', retryAfterMs: 150 });
      },
    });
    const limited = applyMiddleware(chatModel, rateLimitMiddleware({ requests: 100 }));
    await expect(limited.chat(ask)).rejects.toMatchObject({ code: 'rate_limited' });
    await new Promise((r) => setTimeout(r, 5));
    await limited.chat(ask).catch(() => undefined);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(140);
  });

  it("a reply's rate-limit metadata tightens the limiter before the vendor says no", async () => {
    const rateLimit = parseRateLimitHeaders({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '120ms' });
    const { chatModel, calls } = model({ providerMetadata: { groq: { rateLimit } } });
    const limited = applyMiddleware(chatModel, rateLimitMiddleware({ requests: 100 }));
    await limited.chat(ask);
    await new Promise((r) => setTimeout(r, 5));
    await limited.chat(ask);
    expect(calls[1]! - calls[0]!).toBeGreaterThanOrEqual(110);
  });

  it('rejects bad limits with a configuration error', () => {
    expect(() => rateLimitMiddleware({ requests: -1 })).toThrow(/requests must be a positive number/);
  });

  it('reads the client config (LLM_* names) and its maxQueueSize / maxWait', () => {
    const config = ClientConfigSchema.parse({ provider: 'p', model: 'm', rateLimit: { requestsPerMinute: '60', maxConcurrentCalls: 2, maxQueueSize: 10, maxWait: '5s' } });
    expect(rateLimitOptionsFromConfig(config)).toEqual({ windowMs: 60_000, requests: 60, maxConcurrent: 2, maxQueueSize: 10, maxWaitMs: 5000 });
    expect(rateLimitOptionsFromConfig(ClientConfigSchema.parse({ provider: 'p', model: 'm' }))).toBeUndefined();
  });
});
