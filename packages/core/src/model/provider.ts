import { toLLMError } from '@llm/errors';
import type { ModelInfo } from '@llm/schema';
import type { ChatModel } from './chat-model.js';
import type { HealthChecker, HealthReport } from './health.js';

/** One vendor, configured with its key and base URL: it makes models and checks its own health. */
export interface Provider extends HealthChecker {
  readonly name: string;
  /** A bare model: no middleware, no usage tracking (a client adds those). */
  chatModel(modelId: string): ChatModel;
  /** Lists the vendor's models with the configured key. */
  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]>;
}

/** Runs a cheap authenticated call and reports status, latency and the error, if any. */
export async function runHealthCheck(provider: string, probe: () => Promise<unknown>): Promise<HealthReport> {
  const start = performance.now();
  const checkedAt = new Date().toISOString();
  try {
    await probe();
    return { provider, status: 'healthy', latencyMs: Math.round(performance.now() - start), checkedAt };
  } catch (err) {
    const error = toLLMError(err, { provider });
    const report: HealthReport = {
      provider,
      status: 'unhealthy',
      latencyMs: Math.round(performance.now() - start),
      checkedAt,
      error: { code: error.code, message: error.message },
    };
    if (error.status !== undefined) report.error!.status = error.status;
    return report;
  }
}
