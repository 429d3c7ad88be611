import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Candidate } from './candidate.js';
import { FIELD, observeField, QUALITY } from './model-field.test-util.js';
import { recommend } from './recommend.js';
import { TASK_PROFILES, type TaskProfileName } from './task-profile.js';

const ids = (r: { ranked: readonly { candidate: Candidate }[] }) => r.ranked.map((m) => m.candidate.id);

describe('recommend: the model a person would pick, for each profile', () => {
  // Seeded simulations of the field's fake models stand in for analytics' observations.
  const expected: Record<TaskProfileName, string> = {
    chat: 'openai:gpt-mini',
    code: 'anthropic:claude-top',
    extraction: 'openai:gpt-mini',
    'long-context': 'google:gemini-long',
    vision: 'google:gemini-long',
    bulk: 'groq:llama-fast',
    'low-latency': 'groq:llama-fast',
  };
  for (const seed of [1, 2, 3, 4, 5]) {
    for (const method of ['weighted-sum', 'topsis'] as const) {
      it(`seed ${seed}, ${method}`, async () => {
        const observed = observeField(seed);
        for (const profile of Object.keys(TASK_PROFILES) as TaskProfileName[]) {
          const result = await recommend(FIELD, { profile, method, quality: QUALITY, observed });
          expect([profile, ids(result)[0]]).toEqual([profile, expected[profile]]);
        }
      });
    }
  }
});

describe('recommend: hard constraints', () => {
  it('reports every excluded model with each constraint it failed', async () => {
    const result = await recommend(FIELD, { profile: 'extraction', quality: QUALITY });
    const excluded = Object.fromEntries(result.excluded.map((e) => [e.id, e.failed.map((f) => f.constraint)]));
    expect(excluded).toEqual({
      'groq:llama-fast': ['capability:structuredOutput'],
      'openrouter:cheap-flaky': ['capability:structuredOutput'],
      'openai:old-model': ['status'],
    });
    const flaky = result.excluded.find((e) => e.id === 'openrouter:cheap-flaky')!;
    expect(flaky.failed[0]!.message).toBe('needs structured output (JSON Schema); unknown whether the model has it');
    expect(result.excluded.find((e) => e.id === 'groq:llama-fast')!.failed[0]!.message).toBe('needs structured output (JSON Schema), which the model does not have');
    expect(ids(result).sort()).toEqual(['anthropic:claude-top', 'google:gemini-long', 'openai:gpt-big', 'openai:gpt-mini']);
  });

  it('lets unknown capabilities through when asked, but never a known "no"', async () => {
    const result = await recommend(FIELD, { profile: 'extraction', constraints: { allowUnknown: true } });
    expect(ids(result)).toContain('openrouter:cheap-flaky');
    expect(ids(result)).not.toContain('groq:llama-fast');
  });

  it('checks context, statuses, providers, models and prices', async () => {
    const result = await recommend(FIELD, {
      profile: 'long-context',
      constraints: { statuses: ['active', 'deprecated'], providers: { deny: ['anthropic'] }, models: { deny: ['openai:gpt-big'] }, maxCostPerCall: 0.2 },
    });
    const failed = Object.fromEntries(result.excluded.map((e) => [e.id, e.failed.map((f) => `${f.constraint}: ${f.message}`)]));
    expect(failed['openai:gpt-mini']).toEqual(['context: needs a context of 121000 tokens; the model has 64000']);
    expect(failed['anthropic:claude-top']).toEqual(['provider: provider anthropic is denied', 'maxCostPerCall: a call costs $0.3750; the ceiling is $0.2000']);
    expect(failed['openai:gpt-big']).toEqual(['model: openai:gpt-big is denied', 'maxCostPerCall: a call costs $0.3100; the ceiling is $0.2000']);
    expect(failed['openai:old-model']).toEqual(['context: needs a context of 121000 tokens; the model has 16000']);
    expect(ids(result)).toEqual(['google:gemini-long']);
  });

  it('applies observed ceilings only where there are enough observations', async () => {
    const observed = observeField(7);
    const result = await recommend(FIELD, { profile: 'bulk', observed, constraints: { maxErrorRate: 0.05, maxTimeToFirstChunkP95Ms: 1200 } });
    const failed = Object.fromEntries(result.excluded.map((e) => [e.id, e.failed.map((f) => f.constraint)]));
    expect(failed['openrouter:cheap-flaky']).toEqual(['observed:errorRate']);
    expect(failed['anthropic:claude-top']).toEqual(['observed:timeToFirstChunk']);
    // The same error rate resting on 10 calls is not an observation (minCalls 20).
    const thin = await recommend(FIELD, { profile: 'bulk', observed: { 'openrouter:cheap-flaky': { calls: 10, errorRate: 0.5 } }, constraints: { maxErrorRate: 0.05 } });
    expect(thin.excluded.map((e) => e.id)).toEqual(['openai:old-model']);
  });

  it('refuses a price ceiling for a model whose price is unknown', async () => {
    const unpriced: Candidate = { id: 'acme:mystery', provider: 'acme', model: 'mystery', limits: { context: 100_000, output: 4096 }, prices: { input: null, output: null } };
    const result = await recommend([unpriced], { profile: 'bulk', constraints: { maxCostPerCall: 1 } });
    expect(result.excluded).toEqual([{ id: 'acme:mystery', failed: [{ constraint: 'price', message: "a price ceiling is set and the model's price is unknown" }] }]);
  });
});

describe('recommend: the needs of a concrete request', () => {
  it('needs tool calling for tools, image input for images, structured output for `output`, and the prompt plus maxTokens in context', async () => {
    const result = await recommend(FIELD, {
      profile: 'chat',
      request: {
        messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture? '.repeat(2000) }, { type: 'image', url: 'https://example.com/a.png' }] }],
        tools: [{ name: 'lookup', parameters: z.object({ q: z.string() }) }],
        output: z.object({ answer: z.string() }),
        maxTokens: 2000,
      },
    });
    expect(result.needs.capabilities).toEqual(['toolCalling', 'structuredOutput']);
    expect(result.needs.inputModalities).toEqual(['image']);
    expect(result.needs.outputTokens).toBe(2000);
    expect(result.needs.inputTokens).toBeGreaterThan(8000);
    expect(result.needs.minContext).toBe(result.needs.inputTokens + 2000);
    expect(ids(result).sort()).toEqual(['anthropic:claude-top', 'google:gemini-long', 'openai:gpt-big']);
    expect(result.excluded.find((e) => e.id === 'openai:gpt-mini')!.failed.map((f) => f.constraint)).toEqual(['modality:image']);
    expect(result.excluded.find((e) => e.id === 'groq:llama-fast')!.failed.map((f) => f.constraint)).toEqual(['capability:structuredOutput', 'modality:image', 'context']);
  });

  it('a json response format needs JSON mode only', async () => {
    const result = await recommend(FIELD, { request: { messages: [{ role: 'user', content: 'hi' }], responseFormat: { type: 'json' } } });
    expect(result.needs.capabilities).toEqual(['jsonMode']);
  });
});

describe('recommend: explanations', () => {
  it('explains every ranked model: raw and normalised values, weights and contributions that add up to the score, rank and margins', async () => {
    const observed = observeField(11);
    const result = await recommend(FIELD, { profile: 'chat', quality: QUALITY, observed });
    expect(Object.keys(result.weights).sort()).toEqual(Object.keys(TASK_PROFILES.chat.weights).sort());
    for (const [criterion, weight] of Object.entries(TASK_PROFILES.chat.weights)) expect(result.weights[criterion as 'cost']).toBeCloseTo(weight, 12);
    result.ranked.forEach((m, i) => {
      const e = m.explanation;
      expect(e.rank).toBe(i + 1);
      expect(e.criteria.map((c) => c.criterion)).toEqual(['cost', 'quality', 'latency', 'timeToFirstChunk', 'errorRate']);
      expect(e.criteria.reduce((sum, c) => sum + c.contribution, 0)).toBeCloseTo(e.score, 12);
      for (const c of e.criteria) expect(c.contribution).toBeCloseTo(c.weight * c.normalized, 12);
      if (i > 0) expect(e.behindPrevious).toEqual({ id: result.ranked[i - 1]!.candidate.id, by: result.ranked[i - 1]!.explanation.score - e.score });
      if (i + 1 < result.ranked.length) expect(e.aheadOfNext!.id).toBe(result.ranked[i + 1]!.candidate.id);
    });
    const best = result.ranked[0]!;
    const cost = best.explanation.criteria.find((c) => c.criterion === 'cost')!;
    expect(cost.raw).toBeCloseTo((1500 * 0.15 + 400 * 0.6) / 1e6, 15);
    expect(best.summary).toMatch(/^openai:gpt-mini ranks 1st of 6 for the chat profile \(weighted score 0\.\d{3}, 0\.\d{3} ahead of \S+\)\. Strongest: /);
    expect(result.pareto).toEqual([
      { axes: ['cost', 'quality'], ids: expect.arrayContaining(['openrouter:cheap-flaky', 'anthropic:claude-top']) },
      { axes: ['cost', 'latency'], ids: expect.any(Array) },
    ]);
  });

  it('says plainly what the ranking does not rest on, and counts a model without data at the worst value seen', async () => {
    const observed = observeField(3);
    delete observed['openai:gpt-mini'];
    const result = await recommend(FIELD, { profile: 'chat', observed });
    expect(result.unusedCriteria).toEqual([{ criterion: 'quality', reason: 'no quality scores given (pass a score table or experiment outcomes)' }]);
    expect(Object.keys(result.weights)).toEqual(['cost', 'latency', 'timeToFirstChunk', 'errorRate']);
    expect(Object.values(result.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const mini = result.ranked.find((m) => m.candidate.id === 'openai:gpt-mini')!;
    const latency = mini.explanation.criteria.find((c) => c.criterion === 'latency')!;
    const worst = Math.max(...result.ranked.filter((m) => m !== mini).map((m) => m.explanation.criteria.find((c) => c.criterion === 'latency')!.raw));
    expect(latency).toMatchObject({ imputed: true, raw: worst, normalized: 0 });
    expect(result.notes).toContain('latency: 1 of 6 models have no data and are counted at the worst value seen.');
    expect(mini.summary).toContain('Not used: quality (no quality scores given');
  });

  it('with TOPSIS gives closeness in 0..1 with the distances, and the same explanation shape', async () => {
    const result = await recommend(FIELD, { profile: 'bulk', method: 'topsis', observed: observeField(5) });
    for (const m of result.ranked) {
      expect(m.explanation.score).toBeGreaterThanOrEqual(0);
      expect(m.explanation.score).toBeLessThanOrEqual(1);
      expect(m.explanation.score).toBeCloseTo(m.explanation.distanceToAntiIdeal! / (m.explanation.distanceToIdeal! + m.explanation.distanceToAntiIdeal!), 12);
    }
    expect(result.ranked[0]!.summary).toContain('TOPSIS closeness');
  });

  it('breaks ties by cost, then quality, then id, and says so', async () => {
    const twin = (id: string, input: number): Candidate => ({ id, provider: id.split(':')[0]!, model: id.split(':')[1]!, limits: { context: 100_000, output: 4096 }, prices: { input, output: 1 } });
    const byId = await recommend([twin('b:two', 1), twin('a:one', 1)], { weights: { errorRate: 1 }, constraints: {} });
    expect(byId.notes[0]).toBe('None of the weighted criteria has data for any candidate; the models are ranked by cost alone.');
    expect(ids(byId)).toEqual(['a:one', 'b:two']);
    expect(byId.ranked[0]!.explanation.tieBreak).toBe('id');
    const byQuality = await recommend([twin('a:one', 1), twin('b:two', 1)], { weights: { cost: 1 }, quality: { 'a:one': 1, 'b:two': 2 } });
    expect(ids(byQuality)).toEqual(['b:two', 'a:one']);
    expect(byQuality.ranked[0]!.explanation.tieBreak).toBe('higher quality');
  });

  it('accepts catalog records with more fields than it reads', async () => {
    const record = { ...FIELD[0]!, aliases: [], displayName: 'GPT Big', provenance: [{ source: 'models.dev', facts: ['limits.context'] }] };
    const result = await recommend([record], { profile: 'chat' });
    expect(result.ranked[0]!.candidate).toBe(record);
  });
});

describe('recommend: bad input is a configuration error that names it', () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect((error as LLMError).code).toBe('configuration');
    return (error as LLMError).message;
  };
  it('names bad options', async () => {
    expect(await refusal(recommend(FIELD, { weights: { cost: -1 } }))).toContain('weights.cost');
    expect(await refusal(recommend(FIELD, { weights: { cost: 0 } }))).toContain('at least one weight must be positive');
    expect(await refusal(recommend(FIELD, { profile: 'poetry' as TaskProfileName }))).toContain('unknown profile');
    expect(await refusal(recommend(FIELD, { method: 'ahp' as 'topsis' }))).toContain('method');
    expect(await refusal(recommend(FIELD, { constraints: { maxErrorRate: 2 } }))).toContain('constraints.maxErrorRate');
    expect(await refusal(recommend(FIELD, { constraints: { maxCost: 1 } as never }))).toContain('maxCost');
  });
  it('names a bad candidate and a repeated id', async () => {
    const bad = { ...FIELD[1]!, prices: { input: -1, output: 1 } };
    expect(await refusal(recommend([FIELD[0]!, bad], {}))).toContain('candidates[openai:gpt-mini].prices.input');
    expect(await refusal(recommend([FIELD[0]!, FIELD[0]!], {}))).toContain('the id appears twice');
    expect(await refusal(recommend([null as unknown as Candidate], {}))).toContain('candidates[#0]');
  });
  it('gives an empty ranking, not an error, when nothing fits', async () => {
    const result = await recommend(FIELD, { constraints: { providers: { allow: ['nobody'] } } });
    expect(result.ranked).toEqual([]);
    expect(result.excluded).toHaveLength(FIELD.length);
  });
});
