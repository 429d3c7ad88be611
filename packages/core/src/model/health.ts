/** The outcome of a health check that really reached the vendor. */
export interface HealthReport {
  provider: string;
  status: 'healthy' | 'unhealthy';
  /** Round-trip time of the check. */
  latencyMs: number;
  checkedAt: string;
  /** The failure, when unhealthy: an LLMError's JSON (never a key). */
  error?: { code: string; message: string; status?: number };
}

export interface HealthChecker {
  checkHealth(options?: { signal?: AbortSignal }): Promise<HealthReport>;
}
