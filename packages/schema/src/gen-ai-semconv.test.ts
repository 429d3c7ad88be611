import { afterEach, describe, expect, it } from 'vitest';
import { emitsEstablished, emitsLatest, genAiSemconvFromOptIn, resolveGenAiSemconv, SEMCONV_OPT_IN_ENV } from './gen-ai-semconv.js';

describe('GenAI semantic-convention modes', () => {
  const saved = process.env[SEMCONV_OPT_IN_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SEMCONV_OPT_IN_ENV];
    else process.env[SEMCONV_OPT_IN_ENV] = saved;
  });

  it('reads OTEL_SEMCONV_STABILITY_OPT_IN as OpenTelemetry instrumentations do', () => {
    expect(genAiSemconvFromOptIn(undefined)).toBe('established');
    expect(genAiSemconvFromOptIn('')).toBe('established');
    expect(genAiSemconvFromOptIn('http,database')).toBe('established');
    expect(genAiSemconvFromOptIn('gen_ai_latest_experimental')).toBe('latest');
    expect(genAiSemconvFromOptIn('http/dup, gen_ai_latest_experimental ')).toBe('latest');
    expect(genAiSemconvFromOptIn('gen_ai_latest_experimental/dup')).toBe('both');
    // /dup wins when both are listed, as http/dup does over http.
    expect(genAiSemconvFromOptIn('gen_ai_latest_experimental,gen_ai_latest_experimental/dup')).toBe('both');
    expect(genAiSemconvFromOptIn('gen_ai')).toBe('established');
  });

  it('an explicit mode wins over the environment, which wins over the default', () => {
    delete process.env[SEMCONV_OPT_IN_ENV];
    expect(resolveGenAiSemconv()).toBe('established');
    process.env[SEMCONV_OPT_IN_ENV] = 'gen_ai_latest_experimental/dup';
    expect(resolveGenAiSemconv()).toBe('both');
    expect(resolveGenAiSemconv('established')).toBe('established');
  });

  it('says which names each mode emits', () => {
    expect([emitsEstablished('established'), emitsLatest('established')]).toEqual([true, false]);
    expect([emitsEstablished('latest'), emitsLatest('latest')]).toEqual([false, true]);
    expect([emitsEstablished('both'), emitsLatest('both')]).toEqual([true, true]);
  });
});
