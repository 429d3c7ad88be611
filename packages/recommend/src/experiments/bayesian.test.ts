import { describe, expect, it } from 'vitest';
import { bestArmProbabilities, betaPosterior, normalPosterior } from './bayesian.js';

// Reference values: SciPy 1.17.1, scipy.integrate.quad (epsabs 1e-14, epsrel 1e-12) over
// scipy.stats.beta / scipy.stats.norm, P(j best) = ∫ fⱼ Πᵢ≠ⱼ Fᵢ and E[max] = low + ∫ (1 − Π Fᵢ).
// Case A's P(best) also by Evan Miller's closed form for two Beta posteriors (0.961361187458).
const close = (actual: readonly number[], expected: readonly number[], digits: number) => actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));

describe('bestArmProbabilities against SciPy', () => {
  it('two rates, 100/1000 and 125/1000, Beta(1, 1) prior', () => {
    const r = bestArmProbabilities([betaPosterior(100, 1000), betaPosterior(125, 1000)]);
    close(r.probabilityBest, [0.0386388125436, 0.961361187456], 9);
    close(r.expectedLoss, [0.0251699181226, 0.000219818322168], 9);
  });

  it('three rates: 40/400, 52/410, 38/390', () => {
    const r = bestArmProbabilities([betaPosterior(40, 400), betaPosterior(52, 410), betaPosterior(38, 390)]);
    close(r.probabilityBest, [0.099933903238, 0.821783117468, 0.0782829792937], 9);
    close(r.expectedLoss, [0.0286798044003, 0.00202907745249, 0.0311800582332], 9);
  });

  it('error rates, where lower is better: 12/1000 and 5/1000', () => {
    const r = bestArmProbabilities([betaPosterior(12, 1000), betaPosterior(5, 1000)], { lowerIsBetter: true });
    close(r.probabilityBest, [0.0473830351131, 0.952616964887], 9);
    close(r.expectedLoss, [0.00707186182454, 8.58338804292e-5], 9);
  });

  it('tiny samples, 0/3 and 2/3: P(second best) is exactly 13/14', () => {
    const r = bestArmProbabilities([betaPosterior(0, 3), betaPosterior(2, 3)]);
    close(r.probabilityBest, [1 / 14, 13 / 14], 9);
    close(r.expectedLoss, [0.409523809524, 0.00952380952381], 9);
  });

  it('normal posteriors of means: latency 900/870/905 ms (variances of the mean 25, 30, 20), lower is better', () => {
    const r = bestArmProbabilities([normalPosterior(900, 25), normalPosterior(870, 30), normalPosterior(905, 20)], { lowerIsBetter: true });
    close(r.probabilityBest, [2.61276598206e-5, 0.999973522777, 3.49563422764e-7], 9);
    close(r.expectedLoss, [30.0000437855, 4.37854503161e-5, 35.0000437855], 6);
  });

  it('normal posteriors, higher is better: 3.2 and 3.35 (variances 0.01, 0.012)', () => {
    const r = bestArmProbabilities([normalPosterior(3.2, 0.01), normalPosterior(3.35, 0.012)]);
    close(r.probabilityBest, [0.155936482393, 0.844063517607], 9);
    close(r.expectedLoss, [0.162094053019, 0.012094053019], 9);
  });

  it('resolves a sharp posterior beside a wide one, and the probabilities add up to 1', () => {
    const r = bestArmProbabilities([betaPosterior(100_000, 1_000_000), betaPosterior(1, 8)]);
    // SciPy, integrating over the sharp arm's reach: 0.7748378786547 (1 − I₀.₁(2, 8) = 0.7748410 were
    // the sharp arm a point at 0.1; its mean is 0.1000008). SciPy's quadrature over [0, 1] misses the spike.
    expect(r.probabilityBest[1]).toBeCloseTo(0.7748378786547, 9);
    expect(r.probabilityBest[0]! + r.probabilityBest[1]!).toBeCloseTo(1, 9);
  });

  it('refuses what is not a posterior', () => {
    expect(() => betaPosterior(5, 3)).toThrow(/successes ≤ trials/);
    expect(() => normalPosterior(1, 0)).toThrow(/positive variance/);
    expect(() => bestArmProbabilities([betaPosterior(1, 2)])).toThrow(/at least two arms/);
  });
});
