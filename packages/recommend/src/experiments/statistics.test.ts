import { describe, expect, it } from 'vitest';
import { mannWhitneyTest } from './mann-whitney.js';
import { minimumDetectableEffect, powerOfTwoProportions, sampleSizePerArm } from './power.js';
import { twoProportionTest, wilsonInterval } from './proportions.js';
import { sampleRatioCheck } from './sample-ratio.js';
import { mixtureLikelihoodRatio } from './sequential.js';
import { summarize, welchTest } from './welch.js';

// Reference values from SciPy 1.17 (scipy.stats: norm, ttest_ind(equal_var=False), mannwhitneyu(
// method="asymptotic"), chisquare, binomtest(...).proportion_ci(method="wilson")), computed once and
// written down here.
describe('statistics against SciPy', () => {
  it('two-proportion z-test: 120/1000 against 150/1000', () => {
    const t = twoProportionTest({ successes: 120, trials: 1000 }, { successes: 150, trials: 1000 });
    expect(t.z).toBeCloseTo(1.963049807622355, 10);
    expect(t.p).toBeCloseTo(0.04964038686536878, 8);
    expect(t.difference).toBeCloseTo(0.03, 12);
    // Unpooled Wald interval: 0.03 ± 1.95996 × √(0.12·0.88/1000 + 0.15·0.85/1000).
    const half = 1.959963984540054 * Math.sqrt((0.12 * 0.88) / 1000 + (0.15 * 0.85) / 1000);
    expect(t.interval.low).toBeCloseTo(0.03 - half, 8);
    expect(t.interval.high).toBeCloseTo(0.03 + half, 8);
  });

  it("Welch's t-test", () => {
    const a = summarize([12.1, 14.3, 11.8, 15.2, 13.9, 12.7, 14.8, 13.1]);
    const b = summarize([15.4, 16.1, 14.9, 17.3, 15.8, 16.6, 15.1, 18.2, 16.9, 15.5]);
    const t = welchTest(a, b);
    expect(t.t).toBeCloseTo(4.846238396727308, 9);
    expect(t.df).toBeCloseTo(13.752899834747764, 9);
    expect(t.p).toBeCloseTo(0.00027237946887483414, 8);
    expect(t.interval.low).toBeCloseTo(1.4988757898461322, 7);
    expect(t.interval.high).toBeCloseTo(3.8861242101538656, 7);
  });

  it('Mann-Whitney U with ties', () => {
    const a = [120, 135, 135, 150, 160, 210, 95, 135, 180, 300];
    const b = [110, 100, 135, 90, 105, 125, 100, 95, 140, 115, 100];
    const t = mannWhitneyTest(a, b);
    expect(t.u).toBe(17);
    expect(t.p).toBeCloseTo(0.007963213115464223, 9);
    expect(t.probabilityBGreater).toBeCloseTo(17 / 110, 12);
  });

  it('sample ratio check (χ² goodness of fit)', () => {
    const two = sampleRatioCheck([520, 480], [1, 1]);
    expect(two.chiSquare).toBeCloseTo(1.6, 12);
    expect(two.p).toBeCloseTo(0.20590321073206466, 9);
    expect(two.mismatch).toBe(false);
    const three = sampleRatioCheck([3300, 3350, 3500], [1, 1, 1]);
    expect(three.chiSquare).toBeCloseTo(6.403940886699444, 9);
    expect(three.p).toBeCloseTo(0.04068196344529155, 9);
    expect(sampleRatioCheck([5300, 4700], [1, 1]).mismatch).toBe(true);
    expect(sampleRatioCheck([9000, 1000], [9, 1]).mismatch).toBe(false);
  });

  it('Wilson intervals', () => {
    expect(wilsonInterval(8, 10)).toEqual({ low: expect.closeTo(0.4901624715366418, 9), high: expect.closeTo(0.9433178485456248, 9) });
    expect(wilsonInterval(0, 20)).toEqual({ low: 0, high: expect.closeTo(0.16112515805281935, 9) });
    expect(wilsonInterval(150, 1000)).toEqual({ low: expect.closeTo(0.12921007251308828, 9), high: expect.closeTo(0.1734686584268003, 9) });
  });

  it('sample size, power and minimum detectable effect for two proportions', () => {
    // 10% → 13% at alpha 0.05, power 0.8: 1773.98 by the formula, so 1774 per arm.
    expect(sampleSizePerArm(0.1, 0.03)).toBe(1774);
    expect(powerOfTwoProportions(0.1, 0.03, 1774)).toBeCloseTo(0.8, 3);
    expect(minimumDetectableEffect(0.1, 1774)).toBeCloseTo(0.03, 4);
  });

  it('mixture likelihood ratio: 1 with no difference at n = 0 and growing with the evidence', () => {
    expect(mixtureLikelihoodRatio(0, 0, 0.01)).toBe(1);
    const small = mixtureLikelihoodRatio(0.03, 0.0001, 0.0009);
    const large = mixtureLikelihoodRatio(0.03, 0.00001, 0.0009);
    expect(large).toBeGreaterThan(small);
    // √(V/(V+τ²)) · exp(τ²θ²/(2V(V+τ²))) written out for V = 1e-4, τ² = 9e-4, θ = 0.03.
    expect(small).toBeCloseTo(Math.sqrt(0.0001 / 0.001) * Math.exp((0.0009 * 0.0009) / (2 * 0.0001 * 0.001)), 9);
  });
});
