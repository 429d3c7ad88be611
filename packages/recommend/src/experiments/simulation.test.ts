import { describe, expect, it } from 'vitest';
import { seededRandom } from '@llm/mocks';
import { analyzeExperiment } from './analyze-experiment.js';
import type { Experiment } from './experiment.js';
import type { ExperimentCall } from './experiment-store.js';
import { sampleSizePerArm } from './power.js';
import { twoProportionTest } from './proportions.js';
import { alwaysValidP } from './sequential.js';

// Seeded simulations of A/B tests with a known truth: the tests hold their stated power and alpha.
const ALPHA = 0.05;
const BASE = 0.1;
const MDE = 0.03;
const N = sampleSizePerArm(BASE, MDE, ALPHA, 0.8); // 1774

/** Units alternating between the arms, each a success with its arm's probability. */
function simulateUnits(random: () => number, pa: number, pb: number, perArm: number): Array<{ arm: 0 | 1; value: number }> {
  const units: Array<{ arm: 0 | 1; value: number }> = [];
  for (let i = 0; i < perArm; i++) {
    units.push({ arm: 0, value: random() < pa ? 1 : 0 });
    units.push({ arm: 1, value: random() < pb ? 1 : 0 });
  }
  return units;
}

const fixedTest = (units: ReadonlyArray<{ arm: 0 | 1; value: number }>) => {
  const count = (arm: 0 | 1) => {
    const own = units.filter((u) => u.arm === arm);
    return { successes: own.filter((u) => u.value === 1).length, trials: own.length };
  };
  return twoProportionTest(count(0), count(1));
};

describe('A/B tests on simulated experiments with a known truth', () => {
  it('at the planned sample size, the fixed test detects a real 3-point lift at its stated power (0.8)', () => {
    const random = seededRandom(101);
    const runs = 400;
    let detected = 0;
    for (let r = 0; r < runs; r++) if (fixedTest(simulateUnits(random, BASE, BASE + MDE, N)).p < ALPHA) detected++;
    // 400 runs: the standard error of the detection rate is 0.02; allow three.
    expect(detected / runs).toBeGreaterThan(0.74);
    expect(detected / runs).toBeLessThan(0.86);
  });

  it('with no difference, the fixed test declares one no more often than alpha', () => {
    const random = seededRandom(202);
    const runs = 1000;
    let falsePositives = 0;
    for (let r = 0; r < runs; r++) if (fixedTest(simulateUnits(random, BASE, BASE, N)).p < ALPHA) falsePositives++;
    expect(falsePositives / runs).toBeLessThan(ALPHA + 0.021);
  });

  it('peeking after every 100 units: the fixed test is fooled far more often than alpha, the always-valid test is not', () => {
    const random = seededRandom(303);
    const runs = 300;
    let naive = 0;
    let sequential = 0;
    for (let r = 0; r < runs; r++) {
      const units = simulateUnits(random, BASE, BASE, N);
      let fooled = false;
      for (let look = 200; look <= units.length && !fooled; look += 200) if (fixedTest(units.slice(0, look)).p < ALPHA) fooled = true;
      if (fooled) naive++;
      if (alwaysValidP(units, MDE * MDE) < ALPHA) sequential++;
    }
    expect(naive / runs).toBeGreaterThan(0.12);
    // The always-valid p-value is looked at after every unit and still holds alpha (SE 0.013 at 300 runs).
    expect(sequential / runs).toBeLessThan(ALPHA + 0.04);
  });

  it('the always-valid test finds the real lift in most experiments by three times the fixed sample size', () => {
    const random = seededRandom(404);
    const runs = 200;
    let detected = 0;
    for (let r = 0; r < runs; r++) if (alwaysValidP(simulateUnits(random, BASE, BASE + MDE, 3 * N), MDE * MDE) < ALPHA) detected++;
    expect(detected / runs).toBeGreaterThan(0.75);
  });
});

describe('analyzeExperiment on simulated records', () => {
  const experiment: Experiment = { id: 'prompt-v2', arms: [{ name: 'control', weight: 1 }, { name: 'treatment', weight: 1 }] };
  function records(seed: number, pa: number, pb: number, perArm: number, skew = 1): ExperimentCall[] {
    const random = seededRandom(seed);
    const calls: ExperimentCall[] = [];
    let t = 0;
    for (let i = 0; i < perArm; i++) {
      for (const arm of ['control', 'treatment'] as const) {
        if (arm === 'treatment' && random() > skew) continue;
        const success = random() < (arm === 'control' ? pa : pb);
        calls.push({
          callId: `c${calls.length}`,
          experimentId: experiment.id,
          arm,
          unit: `u${calls.length}`,
          startedAt: t++,
          latencyMs: (arm === 'control' ? 900 : 700) * Math.exp(0.3 * (random() - 0.5)),
          timeToFirstChunkMs: undefined,
          inputTokens: 100,
          outputTokens: 50,
          costUsd: arm === 'control' ? 0.001 : 0.0008,
          error: random() < 0.01 ? 'overloaded' : undefined,
          outcome: success,
        });
      }
    }
    return calls;
  }

  it('declares the better arm the winner, with estimates, intervals and the plan', () => {
    const analysis = analyzeExperiment(experiment, records(1, 0.1, 0.16, 2500), { mde: MDE });
    expect(analysis.verdict).toMatchObject({ decision: 'winner', arm: 'treatment' });
    expect(analysis.verdict.reason).toMatch(/^treatment is better on outcome: treatment − control = 0\.0\d+ \(always-valid p = /);
    const baseline = analysis.arms[0]!.outcome!.kind === 'binary' ? analysis.arms[0]!.outcome!.rate : Number.NaN;
    expect(analysis.plan).toEqual({ mde: MDE, power: 0.8, baseline, perArm: sampleSizePerArm(baseline, MDE, ALPHA, 0.8) });
    const [control, treatment] = analysis.arms;
    expect(control!.outcome).toMatchObject({ kind: 'binary', n: 2500 });
    expect(treatment!.outcome!.kind === 'binary' && treatment!.outcome!.interval.low < 0.16 && treatment!.outcome!.interval.high > 0.16).toBe(true);
    const latency = analysis.comparisons.find((c) => c.metric === 'latency')!;
    expect(latency).toMatchObject({ test: 'Mann-Whitney U', alwaysValidP: undefined });
    expect(latency.difference).toBeLessThan(-150);
    expect(latency.p).toBeLessThan(1e-6);
    expect(analysis.comparisons.find((c) => c.metric === 'cost')!.difference).toBeCloseTo(-0.0002, 10);
    // The Bayesian reading agrees: the treatment is almost surely best, and choosing the control is
    // expected to cost about the whole difference of the rates.
    const bayes = analysis.bayesian!;
    expect(bayes).toMatchObject({ model: 'beta-binomial', lowerIsBetter: false });
    expect(bayes.arms[1]!.probabilityBest).toBeGreaterThan(0.999);
    expect(bayes.arms[1]!.expectedLoss).toBeLessThan(1e-4);
    const rates = analysis.arms.map((a) => (a.outcome?.kind === 'binary' ? a.outcome.rate : Number.NaN));
    expect(bayes.arms[0]!.expectedLoss).toBeCloseTo(rates[1]! - rates[0]!, 3);
    // By latency (lower is better), a normal posterior of each mean.
    const byLatency = analyzeExperiment(experiment, records(1, 0.1, 0.16, 500), { primary: 'latency' }).bayesian!;
    expect(byLatency).toMatchObject({ model: 'normal', lowerIsBetter: true });
    expect(byLatency.arms[1]!.probabilityBest).toBeGreaterThan(0.999);
  });

  it('says no difference once the planned sample is reached without one, and continue before', () => {
    expect(analyzeExperiment(experiment, records(5, 0.1, 0.1, N + 300), { mde: MDE }).verdict.decision).toBe('no-difference');
    const early = analyzeExperiment(experiment, records(5, 0.1, 0.1, 300), { mde: MDE });
    expect(early.verdict).toEqual({ decision: 'continue', reason: `300 of the planned ${early.plan!.perArm} per arm so far on outcome; no arm is ahead yet` });
  });

  it('refuses to read results when the split is off (sample ratio mismatch)', () => {
    const verdict = analyzeExperiment(experiment, records(3, 0.1, 0.16, 3000, 0.85), { mde: MDE }).verdict;
    expect(verdict.decision).toBe('invalid');
    expect(verdict.reason).toMatch(/^sample ratio mismatch: the arms got 3000 \/ \d+ where the split expects/);
  });

  it('refuses bad analysis options', () => {
    expect(() => analyzeExperiment(experiment, [], { alpha: 1.5 })).toThrow(/alpha and power must be in \(0, 1\)/);
  });
});

describe('experimentReportMarkdown', () => {
  it('writes the verdict, the plan, the split and a row per arm and comparison', async () => {
    const { experimentReportMarkdown } = await import('./experiment-report.js');
    const experiment: Experiment = { id: 'report', arms: [{ name: 'control', weight: 1 }, { name: 'treatment', weight: 1 }] };
    const random = seededRandom(9);
    const calls: ExperimentCall[] = Array.from({ length: 4000 }, (_, i) => {
      const arm = i % 2 === 0 ? 'control' : 'treatment';
      return { callId: `c${i}`, experimentId: 'report', arm, unit: `u${i}`, startedAt: i, latencyMs: 500, timeToFirstChunkMs: 100, inputTokens: 1, outputTokens: 1, costUsd: 0.001, error: undefined, outcome: random() < (arm === 'control' ? 0.1 : 0.2) };
    });
    const markdown = experimentReportMarkdown(analyzeExperiment(experiment, calls, { mde: 0.03 }));
    expect(markdown).toContain('# Experiment report');
    expect(markdown).toMatch(/\*\*Verdict: winner \(treatment\)\.\*\* treatment is better on outcome/);
    expect(markdown).toContain('Sample ratio: 2000 / 2000 against an expected 2000 / 2000 (χ² p 1).');
    expect(markdown).toMatch(/\| control \| 2000 \| 2000 \| \d+\.\d\d% \[/);
    expect(markdown).toContain('Bayesian view of outcome (Beta-binomial: each arm’s rate has a uniform Beta(1, 1) prior');
    expect(markdown).toMatch(/\| treatment \| \d+\.\d\d% \| > 99\.99% \| [\d.e-]+ pp \|/);
    expect(markdown).toMatch(/\| treatment \| outcome \| two-proportion z \| 0\.\d+ \| \[0\.\d+, 0\.\d+\] \| [\de.-]+, always-valid p [\de.-]+ \*\* \|/);
  });
});

describe('qualityFromExperiment', () => {
  it('turns each arm’s outcome rate into a quality score for recommend(), under the model id it ran', async () => {
    const { qualityFromExperiment } = await import('./experiment-quality.js');
    const experiment: Experiment = { id: 'q', arms: [{ name: 'control', weight: 1 }, { name: 'mini', weight: 1 }, { name: 'silent', weight: 1 }] };
    const calls: ExperimentCall[] = Array.from({ length: 300 }, (_, i) => {
      const arm = ['control', 'mini', 'silent'][i % 3]!;
      return { callId: `c${i}`, experimentId: 'q', arm, unit: undefined, startedAt: i, latencyMs: 1, timeToFirstChunkMs: undefined, inputTokens: 1, outputTokens: 1, costUsd: undefined, error: undefined, outcome: arm === 'silent' ? undefined : arm === 'control' ? i % 2 === 0 : i % 5 !== 0 };
    });
    const quality = qualityFromExperiment(analyzeExperiment(experiment, calls), { control: 'openai:gpt-4o', mini: 'openai:gpt-4o-mini' });
    expect(quality).toEqual({ 'openai:gpt-4o': 50, 'openai:gpt-4o-mini': 80 });
  });
});
