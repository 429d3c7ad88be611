import { LLMError } from '@llm/errors';
import { createMockModel, type MockModel } from '@llm/mocks';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD, observeField, QUALITY } from '../ranking/model-field.test-util.js';
import type { Recommendation } from '../ranking/index.js';
import { createRecommendedModel, type RecommendationRouting } from './recommended-model.js';

function mocks(): Record<string, MockModel> {
  return Object.fromEntries(
    FIELD.map((c) => [c.id, createMockModel({ provider: c.provider, modelId: c.model, defaultScenario: { kind: 'text', text: `answer from ${c.id}` } })]),
  );
}
const models = (m: Record<string, MockModel>) => Object.fromEntries(Object.entries(m).map(([id, mock]) => [id, mock.model]));
const hi = [{ role: 'user' as const, content: 'hi' }];
const routingOf = (response: { providerMetadata?: Record<string, unknown> | undefined }) => response.providerMetadata!.routing as RecommendationRouting;

describe('createRecommendedModel', () => {
  const observed = observeField(1);

  it('sends each request to the model the recommendation puts first, and says why', async () => {
    const m = mocks();
    const model = createRecommendedModel({ candidates: FIELD, models: models(m), recommend: { profile: 'chat', quality: QUALITY, observed } });
    const response = await model.chat({ messages: hi });
    expect(response.text).toBe('answer from openai:gpt-mini');
    const routing = routingOf(response);
    expect(routing).toMatchObject({ answeredBy: 'openai:gpt-mini', tried: [], chosen: 'openai:gpt-mini', profile: 'chat', method: 'weighted-sum', excluded: 1 });
    expect(routing.order.map((o) => o.id)).toEqual(['openai:gpt-mini', 'groq:llama-fast', 'google:gemini-long']);
    expect(routing.reason).toMatch(/^openai:gpt-mini ranks 1st of 6 for the chat profile/);
    expect(m['openai:gpt-mini']!.requests).toHaveLength(1);
    expect(model.provider).toBe('recommend');
    expect(model.modelId).toBe('chat');
  });

  it("adds the request's own needs: a request with an image goes to a model that takes images", async () => {
    const m = mocks();
    const decisions: Recommendation[] = [];
    const model = createRecommendedModel({ candidates: FIELD, models: models(m), recommend: { profile: 'chat', quality: QUALITY, observed }, onDecision: (r) => decisions.push(r) });
    const response = await model.chat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', url: 'https://example.com/cat.png' }] }] });
    expect(routingOf(response).chosen).toBe('google:gemini-long');
    expect(decisions[0]!.excluded.find((e) => e.id === 'openai:gpt-mini')!.failed.map((f) => f.constraint)).toEqual(['modality:image']);
  });

  it('falls back to the next ranked model on a failure the fallback moves on from, and records both', async () => {
    const m = mocks();
    m['openai:gpt-mini']!.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'error', error: 'overloaded' }, { kind: 'error', error: 'overloaded' }, { kind: 'error', error: 'overloaded' });
    const model = createRecommendedModel({ candidates: FIELD, models: models(m), recommend: { profile: 'chat', quality: QUALITY, observed } });
    const response = await model.chat({ messages: hi }, { retry: { maxRetries: 0 } });
    expect(response.text).toBe('answer from groq:llama-fast');
    expect(routingOf(response)).toMatchObject({ chosen: 'openai:gpt-mini', answeredBy: 'groq:llama-fast', tried: [{ model: 'openai:gpt-mini', errorCode: 'overloaded' }] });
  });

  it('streams through the chosen model and puts the routing on the final response', async () => {
    const m = mocks();
    const model = createRecommendedModel({ candidates: FIELD, models: models(m), recommend: { profile: 'low-latency', observed } });
    const stream = model.streamChat({ messages: hi });
    let text = '';
    for await (const event of stream) if (event.type === 'text-delta') text += event.text;
    expect(text).toBe('answer from groq:llama-fast');
    const response = await stream.response;
    expect(routingOf(response)).toMatchObject({ chosen: 'groq:llama-fast', answeredBy: 'groq:llama-fast', profile: 'low-latency' });
  });

  it('refuses a request no model can serve with invalid_request naming each reason, before calling anyone', async () => {
    const m = mocks();
    const model = createRecommendedModel({ candidates: FIELD, models: models(m), recommend: { profile: 'chat', constraints: { providers: { allow: ['groq'] } } } });
    const error = await model.chat({ messages: hi, output: z.object({ a: z.string() }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect((error as LLMError).code).toBe('invalid_request');
    expect((error as LLMError).local).toBe(true);
    expect((error as LLMError).message).toContain('groq:llama-fast: needs structured output (JSON Schema), which the model does not have');
    expect(Object.values(m).every((mock) => mock.requests.length === 0)).toBe(true);
    const streamError = await model.streamChat({ messages: hi, output: z.object({ a: z.string() }) }).response.catch((e: unknown) => e);
    expect((streamError as LLMError).code).toBe('invalid_request');
  });

  it('routes only to candidates that have a model, and refuses a set-up with none', () => {
    expect(() => createRecommendedModel({ candidates: FIELD, models: {} })).toThrow(/no candidate has a model/);
    expect(() => createRecommendedModel({ candidates: FIELD, models: models(mocks()), maxModels: 0 })).toThrow(/maxModels/);
    expect(() => createRecommendedModel({ candidates: FIELD, models: models(mocks()), recommend: { method: 'nope' as 'topsis' } })).toThrow(/method/);
  });
});
