import { toLLMError } from '@llm/errors';
import type { Container } from 'inversify';
import type { ClientConfigInput } from '../config/index.js';
import { LLM_TYPES, type ProviderFactory } from '../di/index.js';
import type { HealthChecker, HealthReport } from '../model/index.js';

export interface NamedHealthChecker {
  name: string;
  checker: HealthChecker;
}

/** One provider's line in the aggregate report. */
export interface ProviderHealth extends HealthReport {
  /** The name it was registered under. */
  name: string;
  /** The most recent failure seen by this aggregator, even if the provider has recovered since. */
  lastError?: NonNullable<HealthReport['error']> & { at: string };
}

export interface AggregateHealthReport {
  /** healthy: every provider is; unhealthy: none is (or none is registered); degraded: some are. */
  status: 'healthy' | 'degraded' | 'unhealthy';
  checkedAt: string;
  /** Wall time of the whole check (the checks run concurrently). */
  latencyMs: number;
  providers: ProviderHealth[];
}

export interface HealthAggregatorOptions {
  /** Bound on each provider's check; one that has not answered by then is unhealthy with code `timeout`. Default 5000 ms. */
  timeoutMs?: number;
}

export interface HealthAggregator {
  /** Checks every provider concurrently, each within the time bound. */
  check(options?: { signal?: AbortSignal }): Promise<AggregateHealthReport>;
  /** The last report, if a check has run. */
  last(): AggregateHealthReport | undefined;
}

export const DEFAULT_HEALTH_TIMEOUT_MS = 5000;

async function checkOne(entry: NamedHealthChecker, timeoutMs: number, outer: AbortSignal | undefined): Promise<HealthReport> {
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const start = performance.now();
  const checkedAt = new Date().toISOString();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<HealthReport>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({
        provider: entry.name,
        status: 'unhealthy',
        latencyMs: Math.round(performance.now() - start),
        checkedAt,
        error: { code: 'timeout', message: `the health check did not answer within ${timeoutMs} ms` },
      });
    }, timeoutMs);
  });
  const checked = (async (): Promise<HealthReport> => {
    try {
      return await entry.checker.checkHealth({ signal: controller.signal });
    } catch (err) {
      // A checker should report, not throw; one that throws (or cannot even be built) is unhealthy.
      const error = toLLMError(err, { provider: entry.name });
      const report: HealthReport = {
        provider: entry.name,
        status: 'unhealthy',
        latencyMs: Math.round(performance.now() - start),
        checkedAt,
        error: { code: error.code, message: error.message },
      };
      if (error.status !== undefined) report.error!.status = error.status;
      return report;
    }
  })();
  try {
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** Aggregates the health of several providers: per-provider status, latency and last error. */
export function createHealthAggregator(checkers: readonly NamedHealthChecker[] | Readonly<Record<string, HealthChecker>>, options: HealthAggregatorOptions = {}): HealthAggregator {
  const entries: NamedHealthChecker[] = Array.isArray(checkers)
    ? [...(checkers as readonly NamedHealthChecker[])]
    : Object.entries(checkers as Readonly<Record<string, HealthChecker>>).map(([name, checker]) => ({ name, checker }));
  const timeoutMs = options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const lastErrors = new Map<string, NonNullable<ProviderHealth['lastError']>>();
  let lastReport: AggregateHealthReport | undefined;

  return {
    async check(callOptions = {}) {
      const start = performance.now();
      const checkedAt = new Date().toISOString();
      const reports = await Promise.all(entries.map((e) => checkOne(e, timeoutMs, callOptions.signal)));
      const providers = reports.map((report, i): ProviderHealth => {
        const name = entries[i]!.name;
        if (report.error) lastErrors.set(name, { ...report.error, at: report.checkedAt });
        const lastError = lastErrors.get(name);
        return { ...report, name, ...(lastError ? { lastError } : {}) };
      });
      const healthy = providers.filter((p) => p.status === 'healthy').length;
      const status = healthy === 0 ? 'unhealthy' : healthy === providers.length ? 'healthy' : 'degraded';
      lastReport = { status, checkedAt, latencyMs: Math.round(performance.now() - start), providers };
      return lastReport;
    },
    last: () => lastReport,
  };
}

/**
 * Health checkers for provider factories: each makes a client (its key from config or the
 * environment) and checks it. A provider that cannot be configured is reported unhealthy.
 */
export function healthCheckersFromFactories(
  factories: readonly ProviderFactory[],
  configFor: (name: string) => Partial<ClientConfigInput> = () => ({}),
): NamedHealthChecker[] {
  return factories.map((factory) => ({
    name: factory.name,
    checker: { checkHealth: (options) => factory.createClient(configFor(factory.name)).checkHealth(options) },
  }));
}

/** An aggregator over every provider registered in a container (the `LLM_TYPES.ProviderFactory` multi-binding). */
export function healthAggregatorFromContainer(
  container: Container,
  options: HealthAggregatorOptions & { configFor?: (name: string) => Partial<ClientConfigInput> } = {},
): HealthAggregator {
  const factories = container.isBound(LLM_TYPES.ProviderFactory) ? container.getAll(LLM_TYPES.ProviderFactory) : [];
  return createHealthAggregator(healthCheckersFromFactories(factories, options.configFor), options);
}
