import type { CallRecord } from '@llm/analytics';

export const DAY = 86_400_000;

/** Records `from..to` of `count` synthetic ones over `days` days: 4 models, some errors, some cache hits, one tag. */
export function syntheticRecords(from: number, to: number, count: number, now: number, days: number): CallRecord[] {
  const models = ['gpt-4o-mini', 'gpt-4o', 'claude-sonnet', 'gemini-flash'];
  const out: CallRecord[] = [];
  for (let i = from; i < to; i++) {
    const model = models[i % models.length]!;
    const error = i % 50 === 0;
    out.push({
      id: `bench-${i.toString(36)}`,
      kind: 'call',
      callId: `bench-${i.toString(36)}`,
      attempt: 1,
      provider: model.startsWith('gpt') ? 'openai' : model.startsWith('claude') ? 'anthropic' : 'google',
      model,
      operation: 'chat',
      streamed: i % 3 === 0,
      start: now - days * DAY + Math.floor((i / count) * days * DAY),
      durationMs: 300 + (i % 97) * 7,
      ttfcMs: i % 3 === 0 ? 80 + (i % 13) * 5 : undefined,
      inputTokens: error ? 0 : 500 + (i % 200),
      outputTokens: error ? 0 : 100 + (i % 50),
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      costUsd: error ? undefined : 0.0004,
      outcome: error ? 'error' : 'success',
      errorCode: error ? 'rate_limited' : undefined,
      retries: 0,
      fallbackHop: 0,
      cacheHit: i % 40 === 1,
      tags: i % 2 ? { feature: 'search' } : { feature: 'chat' },
    });
  }
  return out;
}
