import { metrics, type Counter, type Meter } from '@opentelemetry/api';
import type { Logger } from '@llm/core';
import { METER_NAME } from '@llm/metrics';
import type { AnalyticsStore } from './analytics-store.js';
import type { Anomaly } from './anomaly.js';
import { detectAnomalies, type AnomalyQuery } from './detect-anomalies.js';

export interface AnomalyMonitorOptions extends Omit<AnomalyQuery, 'from' | 'to'> {
  store: AnalyticsStore;
  /** How much history each check reads (default 4 days: three for the hour-of-day baseline, one to judge). */
  historyMs?: number;
  /** Called once per new episode. */
  onAlert?: (anomaly: Anomaly) => void;
  /** A `warn` line `llm.analytics.anomaly` per new episode. */
  logger?: Logger;
  /** Where the `llm.analytics.anomalies` counter goes (default: the global meter provider's `@llm` meter). */
  meter?: Meter;
  now?: () => number;
}

export const ANOMALY_COUNTER = 'llm.analytics.anomalies';

/**
 * Checks for anomalies on demand (`check()`) or every `intervalMs` (`start()`), and raises each
 * episode once: to the callback, as a log line and as a counter point. An episode already raised
 * is known by its detector, group and start, so a long episode is one alert, not one per check.
 */
export class AnomalyMonitor {
  private readonly options: AnomalyMonitorOptions;
  private readonly raised = new Set<string>();
  private readonly counter: Counter;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(options: AnomalyMonitorOptions) {
    this.options = options;
    const meter = options.meter ?? metrics.getMeter(METER_NAME);
    this.counter = meter.createCounter(ANOMALY_COUNTER, { description: 'Anomalies raised by @llm/analytics (one per episode)', unit: '{anomaly}' });
  }

  /** Runs the detectors over the recent history and raises the episodes not raised before. */
  async check(): Promise<Anomaly[]> {
    const now = (this.options.now ?? Date.now)();
    const report = await detectAnomalies(this.options.store, { ...this.options, from: now - (this.options.historyMs ?? 4 * 86_400_000), to: now }, now);
    const fresh: Anomaly[] = [];
    for (const anomaly of report.anomalies) {
      const key = `${anomaly.detector}\u0000${JSON.stringify(anomaly.group)}\u0000${anomaly.start}`;
      if (this.raised.has(key)) continue;
      this.raised.add(key);
      fresh.push(anomaly);
      this.counter.add(1, { 'llm.analytics.detector': anomaly.detector, 'llm.analytics.severity': anomaly.severity, ...prefixed(anomaly.group) });
      this.options.logger?.warn('llm.analytics.anomaly', { ...anomaly });
      this.options.onAlert?.(anomaly);
    }
    return fresh;
  }

  start(intervalMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.check().catch((err: unknown) => this.options.logger?.error('llm.analytics.anomaly check failed', { error: String(err) }));
    }, intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function prefixed(group: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(group)) out[`llm.analytics.${k.replace(':', '.')}`] = v;
  return out;
}
