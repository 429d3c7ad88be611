import { createJsonLogger } from '@llm/core';
import { AggregationTemporality, MeterProvider, MetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import type { Anomaly } from './anomaly.js';
import { AnomalyMonitor, ANOMALY_COUNTER } from './anomaly-monitor.js';
import type { CallRecord } from './call-record.js';
import { detectAnomalies } from './detect-anomalies.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { makeCallRecord } from './testing.js';
import { normal, seeded } from './test-random.test-util.js';

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const STEP = 15 * 60_000;
const START = Date.parse('2026-03-15T00:00:00Z');
const DAYS = 5;
const NOW = START + DAYS * 86_400_000;
const SPIKE = START + 4 * 86_400_000 + 10 * STEP;
const BURST = START + 4 * 86_400_000 + 40 * STEP;
const PRICE_CHANGE = START + 4 * 86_400_000 + 60 * STEP;

/** Five days of calls, 20 per 15 minutes, with a latency spike, an error burst and a price change at known times. */
function calls(): CallRecord[] {
  const random = seeded(42);
  const out: CallRecord[] = [];
  for (let t = START; t < NOW; t += STEP) {
    for (let i = 0; i < 20; i++) {
      const error = random() < (t === BURST ? 0.5 : 0.02);
      const price = t >= PRICE_CHANGE ? 2 : 1;
      out.push(
        makeCallRecord({
          start: t + i * 1000,
          durationMs: 800 * Math.exp(0.1 * normal(random)) * (t === SPIKE ? 4 : 1),
          outcome: error ? 'error' : 'success',
          errorCode: error ? 'overloaded' : undefined,
          costUsd: error ? undefined : (1000 * price + 200 * 2) / 1e6,
          inputUsd: error ? undefined : (1000 * price) / 1e6,
          outputUsd: error ? undefined : 400 / 1e6,
          inputTokens: error ? 0 : 1000,
          outputTokens: error ? 0 : 200,
        }),
      );
    }
  }
  return out;
}

function store(): MemoryAnalyticsStore {
  const s = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 0, retention: { minute: '14d' } });
  for (const r of calls()) s.appendOne(r);
  return s;
}

describe('detectAnomalies over a store', () => {
  it('finds the latency spike, the error burst and the price change, each once, with baseline, observed and confidence', async () => {
    const report = await detectAnomalies(store(), { from: START, to: NOW, granularity: '15m' }, NOW);
    const by = (d: Anomaly['detector']) => report.anomalies.filter((a) => a.detector === d);
    expect(by('latency')).toHaveLength(1);
    expect(by('latency')[0]).toMatchObject({ start: new Date(SPIKE).toISOString(), points: 1, unit: 'ms', severity: 'critical' });
    expect(by('latency')[0]!.baseline).toBeGreaterThan(800 * 0.9);
    expect(by('latency')[0]!.baseline).toBeLessThan(800 * 1.1);
    expect(by('latency')[0]!.observed / by('latency')[0]!.baseline).toBeGreaterThan(3);
    expect(by('error_rate')).toHaveLength(1);
    expect(by('error_rate')[0]).toMatchObject({ start: new Date(BURST).toISOString(), method: 'binomial' });
    expect(by('error_rate')[0]!.confidence).toBeGreaterThan(0.999999);
    const cost = by('cost_drift');
    expect(cost).toHaveLength(1);
    expect(Date.parse(cost[0]!.start)).toBeGreaterThanOrEqual(PRICE_CHANGE);
    expect(cost[0]!.explanation).toMatchObject({ cause: 'price', baselinePerCall: expect.closeTo(0.0014, 9) });
    expect(cost[0]!.explanation!.priceEffect).toBeCloseTo(0.001, 6);
    expect(cost[0]!.explanation!.mixEffect).toBeCloseTo(0, 9);
    // No streams: time to first chunk cannot be judged, and says so.
    expect(report.status.find((s) => s.detector === 'ttfc')).toMatchObject({ status: 'insufficient_data', reason: expect.stringContaining('fewer than') });
  });

  it('a monitor raises each episode once: callback, log line and counter', async () => {
    const reader = new TestReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    const alerts: Anomaly[] = [];
    const lines: string[] = [];
    const monitor = new AnomalyMonitor({ store: store(), granularity: '15m', now: () => NOW, historyMs: DAYS * 86_400_000, meter, onAlert: (a) => alerts.push(a), logger: createJsonLogger({ level: 'warn', write: (l) => lines.push(l) }) });
    const first = await monitor.check();
    expect(first.map((a) => a.detector).sort()).toEqual(['cost_drift', 'error_rate', 'latency']);
    expect(await monitor.check()).toEqual([]);
    expect(alerts).toHaveLength(3);
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['llm.analytics.anomaly', 'llm.analytics.anomaly', 'llm.analytics.anomaly']);
    const { resourceMetrics } = await reader.collect();
    const counter = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === ANOMALY_COUNTER) as SumMetricData;
    expect(counter.dataPoints.reduce((n, p) => n + p.value, 0)).toBe(3);
  });

  it('with too little history every detector says "insufficient data"', async () => {
    const s = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 0 });
    s.appendOne(makeCallRecord({ start: NOW - 60_000 }));
    const report = await detectAnomalies(s, { from: NOW - 86_400_000, to: NOW }, NOW);
    expect(report.anomalies).toEqual([]);
    expect(report.status.map((x) => x.status)).toEqual(['insufficient_data', 'insufficient_data', 'insufficient_data', 'insufficient_data']);
  });
});
