import type { ExperimentAnalysis } from './analyze-experiment.js';

/**
 * Quality scores for `recommend()` from an experiment's outcomes: each arm's success rate (0..100)
 * or mean outcome, under the model id the arm ran (`armModels`, default: the arm's own name). Arms
 * without reported outcomes are left out (the recommender then counts them at the worst score).
 */
export function qualityFromExperiment(analysis: ExperimentAnalysis, armModels: Readonly<Record<string, string>> = {}): Record<string, number> {
  const quality: Record<string, number> = {};
  for (const arm of analysis.arms) {
    if (!arm.outcome) continue;
    const id = Object.hasOwn(armModels, arm.arm) ? armModels[arm.arm]! : arm.arm;
    quality[id] = arm.outcome.kind === 'binary' ? arm.outcome.rate * 100 : arm.outcome.mean;
  }
  return quality;
}
