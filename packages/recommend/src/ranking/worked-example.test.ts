import { describe, expect, it } from 'vitest';
import type { Candidate } from './candidate.js';
import { recommend } from './recommend.js';

// The worked example of docs/recommendation.md and the package README: if this changes, so must they.
const model = (id: string, input: number, output: number, context: number, structuredOutput: boolean): Candidate => ({
  id,
  provider: id.split(':')[0]!,
  model: id.split(':')[1]!,
  status: { value: 'active' },
  limits: { context, output: 16_384 },
  modalities: { input: ['text'], output: ['text'] },
  capabilities: { structuredOutput, toolCalling: true },
  prices: { input, output },
});
const CANDIDATES = [
  model('openai:gpt-4o-mini', 0.15, 0.6, 128_000, true),
  model('anthropic:claude-haiku-4-5', 1, 5, 200_000, true),
  model('google:gemini-2.5-flash', 0.3, 2.5, 1_048_576, true),
  model('groq:llama-3.1-8b-instant', 0.05, 0.08, 131_072, false),
];
const quality = { 'openai:gpt-4o-mini': 71, 'anthropic:claude-haiku-4-5': 80, 'google:gemini-2.5-flash': 78, 'groq:llama-3.1-8b-instant': 52 };
const observed = {
  'openai:gpt-4o-mini': { calls: 5200, latencyP95Ms: 2100, errorRate: 0.004 },
  'anthropic:claude-haiku-4-5': { calls: 3100, latencyP95Ms: 2600, errorRate: 0.011 },
  'google:gemini-2.5-flash': { calls: 4800, latencyP95Ms: 1900, errorRate: 0.006 },
};

describe('the worked example of docs/recommendation.md', () => {
  it('weighted sum', async () => {
    const result = await recommend(CANDIDATES, { profile: 'extraction', quality, observed });
    expect(result.excluded).toEqual([{ id: 'groq:llama-3.1-8b-instant', failed: [{ constraint: 'capability:structuredOutput', message: 'needs structured output (JSON Schema), which the model does not have' }] }]);
    expect(result.ranked.map((m) => m.summary)).toEqual([
      'google:gemini-2.5-flash ranks 1st of 3 for the extraction profile (weighted score 0.766, 0.094 ahead of openai:gpt-4o-mini). Strongest: latency (p95 latency 1900 ms; weight 0.10, contributes 0.100); quality (quality 78; weight 0.30, contributes 0.233).',
      'openai:gpt-4o-mini ranks 2nd of 3 for the extraction profile (weighted score 0.671, 0.094 behind google:gemini-2.5-flash). Strongest: cost ($0.000555 per call; weight 0.35, contributes 0.350); error rate (0.40% errors; weight 0.25, contributes 0.250). Weakest: quality (quality 71; weight 0.30, contributes 0.000).',
      'anthropic:claude-haiku-4-5 ranks 3rd of 3 for the extraction profile (weighted score 0.300, 0.371 behind openai:gpt-4o-mini). Strongest: quality (quality 80; weight 0.30, contributes 0.300). Weakest: cost ($0.00400 per call; weight 0.35, contributes 0.000).',
    ]);
    const gemini = result.ranked[0]!.explanation.criteria.find((c) => c.criterion === 'cost')!;
    // (2500 × 0.30 + 300 × 2.50) / 1e6 = $0.0015; min-max between $0.000555 and $0.004: (0.004 − 0.0015) / (0.004 − 0.000555) = 0.7257.
    expect(gemini).toMatchObject({ raw: 0.0015, normalized: expect.closeTo(0.72569, 5), weight: expect.closeTo(0.35, 12), contribution: expect.closeTo(0.25399, 5) });
    expect(result.pareto).toEqual([
      { axes: ['cost', 'quality'], ids: ['openai:gpt-4o-mini', 'google:gemini-2.5-flash', 'anthropic:claude-haiku-4-5'] },
      { axes: ['cost', 'latency'], ids: ['openai:gpt-4o-mini', 'google:gemini-2.5-flash'] },
    ]);
  });

  it('TOPSIS without observations', async () => {
    const result = await recommend(CANDIDATES, { profile: 'extraction', method: 'topsis', quality });
    expect(result.ranked.map((m) => [m.candidate.id, Number(m.explanation.score.toFixed(3))])).toEqual([
      ['openai:gpt-4o-mini', 0.932],
      ['google:gemini-2.5-flash', 0.726],
      ['anthropic:claude-haiku-4-5', 0.068],
    ]);
    expect(result.unusedCriteria.map((u) => u.criterion)).toEqual(['latency', 'errorRate']);
    expect(result.ranked[0]!.summary).toContain('Not used: latency (no observations of at least 20 calls for any model); error rate (no observations of at least 20 calls for any model).');
  });
});
