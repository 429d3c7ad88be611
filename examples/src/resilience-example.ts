/**
 * Resilience, offline: the real openai SDK against the built-in fake OpenAI server, which
 * injects the faults (429 with retry-after, 503, a slow first byte), plus two mock replicas.
 *
 *   1) retry with backoff, honouring retry-after
 *   2) a first-chunk timeout on a stream
 *   3) a circuit breaker that opens, and a fallback model that answers meanwhile
 *   4) load balancing (least busy) and a batch with per-item results
 */
import {
  applyMiddleware,
  batch,
  CircuitBreaker,
  createFallbackModel,
  createLoadBalancedModel,
  type RoutingInfo,
} from '@llm/core';
import { isLLMError } from '@llm/errors';
import { createMockModel, startFakeOpenAIServer } from '@llm/mocks';
import { createOpenAI } from '@llm/openai';

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

export async function runResilienceExample(log: (line: string) => void = console.log): Promise<void> {
  const server = await startFakeOpenAIServer();
  const base = { apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'gpt-4o-mini', logging: { level: 'silent' as const } };
  try {
    // 1) Retry: exponential backoff with full jitter; a 429's retry-after wins over the backoff.
    log('1) Retry');
    const client = createOpenAI({ ...base, retry: { maxRetries: 3, initialDelay: '50ms', maxDelay: '1s', maxTotalTime: '10s' } });
    server.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 1 }, { kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'Third time lucky.' });
    const started = Date.now();
    const reply = await client.chat(ask('hello'));
    log(`   "${reply.text}" after ${server.requests.length} requests, ${Date.now() - started >= 1000 ? 'having waited the 1s retry-after' : 'too soon'}`);

    // A non-retryable error is never retried: one request, then the error.
    server.reset();
    server.enqueue({ kind: 'error', error: 'invalid_request' });
    try {
      await client.chat(ask('bad'));
    } catch (err) {
      if (!isLLMError(err)) throw err;
      log(`   ${err.code} (not retried: ${server.requests.length} request)`);
    }

    // 2) Timeouts: per call here (config: `timeout`, `timeouts: { total, firstChunk, idle }`).
    log('2) Timeout');
    server.reset();
    server.enqueue({ kind: 'text', text: 'too late', fault: { kind: 'slow-first-byte', delayMs: 2000 } });
    try {
      await client.streamChat(ask('slow'), { timeouts: { firstChunk: 200 }, retry: { maxRetries: 0 } }).response;
    } catch (err) {
      if (!isLLMError(err)) throw err;
      for (let i = 0; i < 50 && server.abortedRequests === 0; i++) await new Promise((r) => setTimeout(r, 10));
      log(`   ${err.code} (${String(err.details?.timeout)} limit ${String(err.details?.limitMs)}ms, retryable: ${err.retryable}); requests aborted: ${server.abortedRequests}`);
    }

    // 3) A circuit breaker on the primary, and a fallback to another model (here a mock).
    log('3) Circuit breaker and fallback');
    server.reset();
    const breaker = new CircuitBreaker({ failureThreshold: 2, openDuration: 30_000, onStateChange: (c) => log(`   circuit ${c.key}: ${c.from} -> ${c.to}`) });
    const primary = applyMiddleware(createOpenAI({ ...base, retry: { maxRetries: 0 }, circuitBreaker: { enabled: false } }), breaker.middleware());
    const backup = createMockModel({ provider: 'mock', modelId: 'backup', defaultScenario: { kind: 'text', text: 'The backup answers.' } });
    const resilient = createFallbackModel([primary, backup.model]);
    server.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'error', error: 'overloaded' });
    for (let i = 1; i <= 3; i++) {
      const r = await resilient.chat(ask(`call ${i}`));
      const routing = r.providerMetadata?.routing as RoutingInfo;
      log(`   call ${i}: answered by ${routing.answeredBy}; tried ${routing.tried.map((t) => `${t.model} (${t.errorCode})`).join(', ')}`);
    }
    log(`   the vendor saw ${server.requests.length} requests; circuit is ${await breaker.state('openai', 'gpt-4o-mini')}`);

    // 4) Load balancing over equivalent replicas, and a batch through it.
    log('4) Load balancing and batch');
    const replicas = ['replica-a', 'replica-b'].map((id) => createMockModel({ provider: 'mock', modelId: id, defaultScenario: { kind: 'text', text: `from ${id}`, fault: { kind: 'slow-first-byte', delayMs: 20 } } }));
    replicas[1]!.enqueue({ kind: 'error', error: 'invalid_request', message: 'that one was malformed' });
    const balanced = createLoadBalancedModel(replicas.map((r) => r.model), { strategy: 'least-busy' });
    const results = await batch(balanced, Array.from({ length: 6 }, (_, i) => ask(`item ${i}`)), { concurrency: 4 });
    results.forEach((r, i) => log(`   item ${i}: ${r.ok ? r.response.text : `${r.error.code}: ${r.error.message}`}`));
    log(`   replica-a served ${replicas[0]!.requests.length}, replica-b ${replicas[1]!.requests.length}`);
  } finally {
    await server.close();
  }
}
