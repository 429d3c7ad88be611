import { describe, expect, it } from 'vitest';
import type { Flag, SeriesValue } from './anomaly.js';
import { explainCostChange } from './cost-drift.js';
import { detectCusum } from './cusum-detector.js';
import { binomialUpperTail, detectErrorRate, type ErrorPoint } from './error-rate-detector.js';
import { episodes } from './episodes.js';
import { detectLevel } from './level-detector.js';
import { emptyPriced } from './rollup.js';
import { normal, seeded } from './test-random.test-util.js';

const STEP = 15 * 60_000;
const DAY_POINTS = 96;

/** A clean latency series: a level, optionally a daily cycle, multiplicative noise. The truth is kept beside it. */
function latency(n: number, seed: number, daily: boolean): { series: SeriesValue[]; truth: number[] } {
  const random = seeded(seed);
  const truth = Array.from({ length: n }, (_, i) => 800 * (daily ? 1 + 0.4 * Math.sin((2 * Math.PI * i) / DAY_POINTS) : 1));
  const series = truth.map((level, i) => ({ t: i * STEP, value: level * Math.exp(0.1 * normal(random)), n: 50 }));
  return { series, truth };
}

/** Latency and drift detectors together, as detectAnomalies runs them, grouped into episodes. */
function latencyEpisodes(series: SeriesValue[]) {
  const level = detectLevel(series);
  const drift = detectCusum(series);
  const byIndex = new Map<number, Flag>();
  for (const f of [...drift.flags, ...level.flags]) byIndex.set(f.index, f);
  return episodes([...byIndex.values()], 3);
}

const WARM = 3 * DAY_POINTS + 48;

describe('anomaly detectors on seeded synthetic series', () => {
  it('find at least 95% of injected spikes, level shifts and slow drifts, with baselines near the true level', () => {
    let injected = 0;
    let found = 0;
    for (let seed = 1; seed <= 20; seed++) {
      for (const kind of ['spike', 'shift', 'drift'] as const) {
        const { series, truth } = latency(WARM + 400, seed * 7 + kind.length, seed % 2 === 0);
        const at = WARM + 50 + (seed % 50);
        if (kind === 'spike') series[at]!.value = truth[at]! * 3;
        if (kind === 'shift') for (let i = at; i < series.length; i++) series[i]!.value! *= 1.6;
        if (kind === 'drift') for (let i = at; i < series.length; i++) series[i]!.value! *= Math.exp((0.6 * Math.min(i - at, 300)) / 300);
        injected += 1;
        const hit = latencyEpisodes(series).find((e) => e.flags[e.flags.length - 1]!.index >= at && e.flags[0]!.index <= at + (kind === 'drift' ? 300 : 48));
        if (!hit) continue;
        found += 1;
        if (kind === 'spike') {
          // The reported baseline: the level the generator used there, within the noise.
          const peak = hit.peak;
          expect(peak.index).toBe(at);
          expect(peak.observed).toBeCloseTo(series[at]!.value!, 6);
          expect(peak.baseline / truth[at]!).toBeGreaterThan(0.85);
          expect(peak.baseline / truth[at]!).toBeLessThan(1.15);
        }
      }
    }
    expect(found / injected).toBeGreaterThanOrEqual(0.95);
  });

  it('find at least 95% of injected error bursts', () => {
    let found = 0;
    const runs = 40;
    for (let seed = 1; seed <= runs; seed++) {
      const random = seeded(seed + 1000);
      const points: ErrorPoint[] = Array.from({ length: 400 }, (_, i) => ({ t: i * STEP, calls: 100, errors: 0 }));
      const at = 200 + seed;
      points.forEach((p, i) => {
        const rate = i >= at && i < at + 4 ? 0.15 : 0.02;
        for (let c = 0; c < p.calls; c++) if (random() < rate) p.errors += 1;
      });
      const eps = episodes(detectErrorRate(points).flags, 3);
      if (eps.some((e) => e.flags[0]!.index >= at && e.flags[0]!.index < at + 4)) found += 1;
    }
    expect(found / runs).toBeGreaterThanOrEqual(0.95);
  });

  it('raise at most one false alarm per 10,000 points of clean series, with and without a daily cycle', () => {
    let points = 0;
    let alarms = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const { series } = latency(1200, 5000 + seed, seed % 2 === 0);
      points += series.length;
      alarms += latencyEpisodes(series).length;
      const random = seeded(9000 + seed);
      const errors: ErrorPoint[] = Array.from({ length: 1200 }, (_, i) => {
        let e = 0;
        for (let c = 0; c < 100; c++) if (random() < 0.02) e += 1;
        return { t: i * STEP, calls: 100, errors: e };
      });
      alarms += episodes(detectErrorRate(errors).flags, 3).length;
    }
    expect(points).toBeGreaterThanOrEqual(10_000);
    expect(alarms).toBeLessThanOrEqual(1);
  });

  it('says nothing is judged when the history is too short', () => {
    const { series } = latency(20, 1, false);
    expect(detectLevel(series).judged).toBe(0);
    expect(detectCusum(series).judged).toBe(0);
  });
});

describe('binomialUpperTail', () => {
  it('matches the sum of the binomial probabilities, computed term by term', () => {
    const direct = (k: number, n: number, p: number) => {
      let term = (1 - p) ** n; // P(X = 0)
      let below = 0;
      for (let x = 0; x < k; x++) {
        below += term;
        term *= ((n - x) / (x + 1)) * (p / (1 - p));
      }
      return 1 - below;
    };
    for (const [k, n, p] of [[5, 100, 0.01], [20, 100, 0.05], [1, 10, 0.2], [30, 200, 0.1]] as const) {
      // Relative: jstat's incomplete beta (a continued fraction) is good to about 1e-7 of the value.
      expect(Math.abs(binomialUpperTail(k, n, p) - direct(k, n, p)) / direct(k, n, p)).toBeLessThan(1e-6);
    }
    expect(binomialUpperTail(0, 10, 0.1)).toBe(1);
  });
});

describe('explainCostChange', () => {
  const parts = (calls: number, input: number, output: number, inPrice: number, outPrice: number) => ({
    ...emptyPriced(),
    calls,
    inputTokens: input * calls,
    outputTokens: output * calls,
    inputUsd: (input * calls * inPrice) / 1e6,
    outputUsd: (output * calls * outPrice) / 1e6,
  });

  it('a price change with the same tokens is all price', () => {
    const e = explainCostChange(parts(100, 1000, 200, 1, 2), parts(100, 1000, 200, 2, 2));
    // $0.0014 a call before, $0.0024 after: +$0.001, all from the input price.
    expect(e.baselinePerCall).toBeCloseTo(0.0014, 12);
    expect(e.observedPerCall).toBeCloseTo(0.0024, 12);
    expect(e.priceEffect).toBeCloseTo(0.001, 12);
    expect(e.mixEffect).toBeCloseTo(0, 12);
    expect(e.cause).toBe('price');
  });

  it('longer prompts at the same prices are all token mix', () => {
    const e = explainCostChange(parts(100, 1000, 200, 1, 2), parts(50, 3000, 200, 1, 2));
    expect(e.mixEffect).toBeCloseTo(0.002, 12);
    expect(e.priceEffect).toBeCloseTo(0, 12);
    expect(e.cause).toBe('token mix');
  });

  it('both at once: the two effects add up to the change', () => {
    const e = explainCostChange(parts(100, 1000, 200, 1, 2), parts(100, 2000, 300, 1.5, 2));
    expect(e.priceEffect + e.mixEffect).toBeCloseTo(e.observedPerCall - e.baselinePerCall, 12);
    // Midpoint split by hand: input price +0.5e-6 x (1000+2000)/2 = 0.00075; input mix +1000 x 1.25e-6 = 0.00125; output mix +100 x 2e-6 = 0.0002.
    expect(e.priceEffect).toBeCloseTo(0.00075, 12);
    expect(e.mixEffect).toBeCloseTo(0.00145, 12);
    expect(e.cause).toBe('both');
  });
});
