import { describe, expect, it } from 'vitest';
import * as api from './index.js';

describe('the package entry', () => {
  it('exports the functions the README documents', () => {
    const documented = [
      'recommend',
      'createRecommendedModel',
      'createExperiment',
      'analyzeExperiment',
      'experimentReportMarkdown',
      'experimentReportHtml',
      'qualityFromExperiment',
      'betaPosterior',
      'normalPosterior',
      'bestArmProbabilities',
      'primarySampleSize',
      'observedFromAnalytics',
    ];
    expect(documented.filter((name) => typeof (api as Record<string, unknown>)[name] !== 'function')).toEqual([]);
  });
});
