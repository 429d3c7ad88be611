import { CircuitBreaker, createHealthAggregator, type AggregateHealthReport, type CircuitBreakerStore, type CircuitState, type HealthAggregator } from '@llm/core';
import type { UpstreamModels } from '../upstream/upstream-models.js';

/** `/health/providers`: each vendor's probe and the circuit of each upstream model in use. */
export interface ProvidersHealth extends AggregateHealthReport {
  /** Whether this answer is a remembered probe (probes run at most once per `cacheTtl`). */
  cached: boolean;
  circuits: Array<{ model: string; state: CircuitState }>;
}

export interface ProviderHealthOptions {
  upstreams: UpstreamModels;
  circuitBreakerStore: CircuitBreakerStore;
  /** Probes are run again only when the last is older than this. */
  cacheTtlMs: number;
  timeoutMs: number;
}

/**
 * Cached provider probes. A probe is each vendor's health check, a cheap authenticated call (its
 * model listing), never a completion: polling health spends no tokens. Probes run at most once
 * per `cacheTtlMs`, however often the endpoint is polled, and concurrent polls share one run.
 */
export class ProviderHealth {
  private readonly aggregator: HealthAggregator;
  private readonly breaker: CircuitBreaker;
  private last: { report: AggregateHealthReport; at: number } | undefined;
  private running: Promise<AggregateHealthReport> | undefined;

  constructor(private readonly options: ProviderHealthOptions) {
    const { upstreams } = options;
    this.aggregator = createHealthAggregator(
      upstreams.providerNames().map((name) => ({ name, checker: { checkHealth: (o) => upstreams.vendor(name).checkHealth(o) } })),
      { timeoutMs: options.timeoutMs },
    );
    this.breaker = new CircuitBreaker({ store: options.circuitBreakerStore });
  }

  private probe(): Promise<AggregateHealthReport> {
    this.running ??= this.aggregator
      .check()
      .then((report) => {
        this.last = { report, at: Date.now() };
        return report;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  async report(): Promise<ProvidersHealth> {
    const fresh = this.last !== undefined && Date.now() - this.last.at < this.options.cacheTtlMs;
    const report = fresh ? this.last!.report : await this.probe();
    const circuits = await Promise.all(
      this.options.upstreams.built().map(async (m) => ({ model: `${m.provider}:${m.model}`, state: await this.breaker.state(m.provider, m.model) })),
    );
    return { ...report, cached: fresh, circuits };
  }
}
