import type { MetricsRecorder } from '@llm/metrics';
import type { Tracer } from '@opentelemetry/api';
import type { CostStackDeps } from '../budget/index.js';
import type { CacheStore } from '../cache/index.js';
import type { CircuitBreaker, CircuitBreakerStore } from '../circuit-breaker/index.js';
import type { Logger } from '../logging/index.js';
import type { Middleware } from '../middleware/index.js';
import type { ChatModel } from '../model/index.js';
import type { RateLimitStore } from '../rate-limit/index.js';
import type { UsageTracker } from '../cost/index.js';

/** What the default middleware stack is built from beside the config: the logger, usage totals, shared stores and telemetry sinks. */
export interface DefaultStackDeps extends CostStackDeps {
  logger: Logger;
  usage: UsageTracker;
  /** Shared rate-limit state (e.g. `createRedisStores(...).rateLimit`); in-memory when absent. */
  rateLimitStore?: RateLimitStore;
  /** Shared response cache (e.g. `createRedisStores(...).cache`); in-memory LRU when absent. */
  cacheStore?: CacheStore;
  /** Shared circuit state (e.g. a Redis store); in-memory when absent. */
  circuitBreakerStore?: CircuitBreakerStore;
  /** A breaker to use instead of one built from `config.circuitBreaker` (to read its state, or share it between clients). */
  circuitBreaker?: CircuitBreaker;
  /** Models tried in turn when this client's model fails with a fallback-worthy error (code-level, not in the config). */
  fallbacks?: readonly ChatModel[];
  /** Where metrics go (also given to retry); by default OpenTelemetry's global meter provider, a no-op until an SDK registers one. */
  metrics?: MetricsRecorder;
  /** The tracer for spans; by default the global provider's, nothing recorded until an SDK registers one. */
  tracer?: Tracer;
  /**
   * Middlewares run once per attempt, outermost first, where the budget sits (inside tracing,
   * metrics, retry, fallback and the circuit breaker; outside the rate limiter and timeouts): each
   * retry and each fallback model passes them again, and they see every reply priced. A server's
   * per-client budget and per-attempt observers (`@llm/analytics`) go here; an attempt they time
   * includes its wait in the client's own rate-limiter queue.
   */
  attemptMiddleware?: readonly Middleware[];
}
