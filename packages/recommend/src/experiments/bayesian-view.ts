import { bestArmProbabilities, betaPosterior, normalPosterior, type Posterior } from './bayesian.js';
import { summarize } from './welch.js';

export interface BayesianArm {
  readonly arm: string;
  /** The posterior mean of the arm's true value. */
  readonly posteriorMean: number;
  /** The probability that this arm's true value is the best of all arms. */
  readonly probabilityBest: number;
  /** How much worse than the best arm choosing this one is expected to be, in the metric's units. */
  readonly expectedLoss: number;
}

export interface BayesianView {
  /** `beta-binomial`: rates with a uniform Beta(1, 1) prior; `normal`: means, each N(x̄, s²/n). */
  readonly model: 'beta-binomial' | 'normal';
  readonly lowerIsBetter: boolean;
  readonly arms: readonly BayesianArm[];
}

/**
 * The Bayesian reading of one metric: each arm's probability of being best and the expected loss
 * of choosing it. Rates (0/1 values) get Beta posteriors; other values the normal approximation of
 * their mean, which needs two values and some spread in every arm (otherwise undefined).
 */
export function bayesianView(arms: ReadonlyArray<{ readonly arm: string; readonly values: readonly number[] }>, rate: boolean, lowerIsBetter: boolean): BayesianView | undefined {
  let posteriors: Posterior[];
  if (rate) {
    posteriors = arms.map((a) => betaPosterior(a.values.filter((v) => v === 1).length, a.values.length));
  } else {
    if (arms.some((a) => a.values.length < 2)) return undefined;
    const stats = arms.map((a) => summarize(a.values));
    if (stats.some((s) => !(s.variance > 0))) return undefined;
    posteriors = stats.map((s) => normalPosterior(s.mean, s.variance / s.n));
  }
  const { probabilityBest, expectedLoss } = bestArmProbabilities(posteriors, { lowerIsBetter });
  return {
    model: rate ? 'beta-binomial' : 'normal',
    lowerIsBetter,
    arms: arms.map((a, i) => ({ arm: a.arm, posteriorMean: posteriors[i]!.mean, probabilityBest: probabilityBest[i]!, expectedLoss: expectedLoss[i]! })),
  };
}
