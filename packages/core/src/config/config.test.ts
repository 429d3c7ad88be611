import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configError } from './config-error.test-util.js';
import { describe, expect, it } from 'vitest';
import { configFromEnv, configFromYaml, mergeConfig } from './config-loaders.js';
import { fromEnv, fromYamlFile, resolveSetup, withMaxRetries, withModel, withTimeout } from '../client/index.js';
import { parseDuration } from './duration.js';

describe('configuration', () => {
  it('fills defaults and parses durations', () => {
    const { config } = resolveSetup({ provider: 'openai', model: 'gpt-4o-mini', timeout: '30s' });
    expect(config).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', timeout: 30_000, retry: { maxRetries: 2 }, logging: { level: 'warn', logContent: false } });
  });

  it('reads every LLM_* variable into the same shape', () => {
    const env = {
      LLM_PROVIDER: 'anthropic',
      LLM_MODEL: 'claude-sonnet-4-5',
      LLM_API_KEY: 'sk-ant-test',
      LLM_BASE_URL: 'http://127.0.0.1:9999/v1',
      LLM_TIMEOUT: '45s',
      LLM_MAX_RETRIES: '5',
      LLM_REQUESTS_PER_MINUTE: '60',
      LLM_MAX_TOKENS_PER_MINUTE: '100000',
      LLM_MAX_CONCURRENT_CALLS: '4',
      LLM_MAX_COST_PER_REQUEST: '0.05',
      LLM_MAX_BUDGET: '10',
      LLM_BUDGET_PERIOD: 'day',
      LLM_LOG_LEVEL: 'debug',
      UNRELATED: 'x',
    };
    const { config } = resolveSetup({}, [fromEnv(env)]);
    expect(config).toMatchObject({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      apiKey: 'sk-ant-test',
      baseUrl: 'http://127.0.0.1:9999/v1',
      timeout: 45_000,
      retry: { maxRetries: 5 },
      rateLimit: { requestsPerMinute: 60, tokensPerMinute: 100_000, maxConcurrentCalls: 4 },
      cost: { maxCostPerRequest: 0.05, maxBudget: 10, budgetPeriod: 'day' },
      logging: { level: 'debug' },
    });
  });

  it('loads a YAML file of the same shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-config-'));
    const file = join(dir, 'llm.yaml');
    writeFileSync(file, 'provider: groq\nmodel: llama-3.3-70b-versatile\ntimeout: 2m\nretry:\n  maxRetries: 1\nrateLimit:\n  requestsPerMinute: 30\nlogging:\n  level: info\n');
    const { config } = resolveSetup({}, [fromYamlFile(file)]);
    expect(config).toMatchObject({ provider: 'groq', model: 'llama-3.3-70b-versatile', timeout: 120_000, retry: { maxRetries: 1 }, rateLimit: { requestsPerMinute: 30 }, logging: { level: 'info' } });
  });

  it('lets later options win over earlier ones and the base', () => {
    const { config } = resolveSetup({ provider: 'openai', model: 'a', timeout: 1000 }, [fromEnv({ LLM_MODEL: 'b', LLM_TIMEOUT: '5s' }), withModel('c'), withTimeout('7s'), withMaxRetries(0)]);
    expect(config).toMatchObject({ model: 'c', timeout: 7000, retry: { maxRetries: 0 } });
  });

  it('gives one configuration error that names every invalid field', () => {
    const err = configError(() =>
      resolveSetup({}, [fromEnv({ LLM_TIMEOUT: 'soon', LLM_MAX_RETRIES: '-1', LLM_BASE_URL: 'not a url', LLM_LOG_LEVEL: 'loud', LLM_BUDGET_PERIOD: 'fortnight' })]),
    );
    expect(err.code).toBe('configuration');
    for (const field of ['provider', 'model', 'timeout', 'retry.maxRetries', 'baseUrl', 'logging.level', 'cost.budgetPeriod']) {
      expect(err.message).toContain(field);
    }
  });

  it('rejects YAML that is not a mapping, or not YAML', () => {
    expect(configError(() => configFromYaml('- a\n- b')).code).toBe('configuration');
    expect(configError(() => configFromYaml('a: [unclosed')).message).toMatch(/not valid YAML/);
  });

  it('rejects a missing YAML file with its path', () => {
    expect(configError(() => resolveSetup({}, [fromYamlFile('/nonexistent/llm.yaml')])).message).toContain('/nonexistent/llm.yaml');
  });

  it('ignores empty variables and merges deeply without undefined overwriting', () => {
    expect(configFromEnv({ LLM_MODEL: '  ', LLM_PROVIDER: 'openai' })).toEqual({ provider: 'openai' });
    expect(mergeConfig({ retry: { maxRetries: 3 }, model: 'a' }, { retry: {}, model: undefined })).toEqual({ retry: { maxRetries: 3 }, model: 'a' });
  });

  it('parses durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('fast')).toBeUndefined();
  });
});

describe('connectionSettings', () => {
  it('asks for a fresh connection per request only when keepAlive is off', async () => {
    const { connectionSettings } = await import('../client/index.js');
    const on = resolveSetup({ provider: 'p', model: 'm', headers: { 'x-team': 'a' }, timeout: '5s' }).config;
    expect(connectionSettings(on)).toEqual({ apiKey: undefined, baseUrl: undefined, headers: { 'x-team': 'a' }, timeoutMs: 5000 });
    const off = resolveSetup({ provider: 'p', model: 'm', headers: { 'x-team': 'a' }, keepAlive: false }).config;
    expect(connectionSettings(off).headers).toEqual({ 'x-team': 'a', connection: 'close' });
  });

  it('passes the transport on when one is chosen, from code or LLM_TRANSPORT, and names a bad one', async () => {
    const { connectionSettings } = await import('../client/index.js');
    expect(connectionSettings(resolveSetup({ provider: 'p', model: 'm', transport: 'fetch' }).config).transport).toBe('fetch');
    expect(connectionSettings(resolveSetup({ provider: 'p', model: 'm' }, [fromEnv({ LLM_TRANSPORT: 'node-http' })]).config).transport).toBe('node-http');
    expect('transport' in connectionSettings(resolveSetup({ provider: 'p', model: 'm' }).config)).toBe(false);
    const err = configError(() => resolveSetup({ provider: 'p', model: 'm', transport: 'http2' as 'fetch' }));
    expect(err.code).toBe('configuration');
    expect(err.message).toContain('transport');
  });
});

describe('LLM_* variables for every section', () => {
  it('reads retry delays, timeouts, queue, circuit breaker, cache, telemetry, logging and keep-alive', () => {
    const { config } = resolveSetup({ provider: 'openai', model: 'm' }, [
      fromEnv({
        LLM_RETRY_INITIAL_DELAY: '250ms',
        LLM_RETRY_MULTIPLIER: '3',
        LLM_RETRY_MAX_DELAY: '10s',
        LLM_RETRY_MAX_TOTAL_TIME: '1m',
        LLM_TIMEOUT_FIRST_CHUNK: '5s',
        LLM_TIMEOUT_IDLE: '2s',
        LLM_MAX_QUEUE_SIZE: '100',
        LLM_MAX_QUEUE_WAIT: '30s',
        LLM_CIRCUIT_BREAKER_ENABLED: 'false',
        LLM_CIRCUIT_BREAKER_FAILURE_THRESHOLD: '3',
        LLM_CIRCUIT_BREAKER_OPEN_DURATION: '45s',
        LLM_CACHE_ENABLED: 'true',
        LLM_CACHE_TTL: '10m',
        LLM_CACHE_MAX_ENTRIES: '50',
        LLM_TELEMETRY_ENABLED: 'false',
        LLM_TELEMETRY_RECORD_CONTENT: 'true',
        LLM_TELEMETRY_SEMCONV: 'both',
        LLM_LOG_CONTENT: 'true',
        LLM_KEEP_ALIVE: 'false',
      }),
    ]);
    expect(config).toMatchObject({
      retry: { initialDelay: 250, multiplier: 3, maxDelay: 10_000, maxTotalTime: 60_000 },
      timeouts: { firstChunk: 5000, idle: 2000 },
      rateLimit: { maxQueueSize: 100, maxWait: 30_000 },
      circuitBreaker: { enabled: false, failureThreshold: 3, openDuration: 45_000 },
      cache: { enabled: true, ttl: 600_000, maxEntries: 50 },
      telemetry: { enabled: false, recordContent: true, semconv: 'both' },
      logging: { logContent: true },
      keepAlive: false,
    });
  });

  it('names the variable-backed field when a value is wrong', () => {
    const err = configError(() => resolveSetup({ provider: 'openai', model: 'm' }, [fromEnv({ LLM_CACHE_ENABLED: 'maybe', LLM_TIMEOUT_IDLE: 'later', LLM_TELEMETRY_SEMCONV: 'newest' })]));
    expect(err.message).toContain('cache.enabled');
    expect(err.message).toContain('timeouts.idle');
    expect(err.message).toContain('telemetry.semconv');
  });
});
