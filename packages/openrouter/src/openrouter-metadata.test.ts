import { LLMError } from '@llm/errors';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openRouterChunkMetadata, openRouterCompletionMetadata } from './openrouter-metadata.js';

const ctx = { provider: 'openrouter', model: 'openai/gpt-4o-mini' };
const finishChunk = (extra: Record<string, unknown>, choice: Record<string, unknown> = {}) =>
  ({ id: 'gen-1', object: 'chat.completion.chunk', created: 1, model: 'openai/gpt-4o-mini', choices: [{ index: 0, delta: {}, finish_reason: 'stop', ...choice }], ...extra }) as unknown as OpenAI.Chat.Completions.ChatCompletionChunk;

function malformed(fn: () => unknown): LLMError {
  try {
    fn();
  } catch (err) {
    if (LLMError.is(err)) return err;
    throw err;
  }
  throw new Error('expected a malformed_response');
}

describe('openrouter metadata of the wrong type', () => {
  it.each([
    [{ provider: 7 }, {}, 'provider'],
    [{ provider: { name: 'Together' } }, {}, 'provider'],
    [{}, { native_finish_reason: 1 }, 'choices[0].native_finish_reason'],
    [{ usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, is_byok: 'no' } }, {}, 'usage.is_byok'],
  ])('a finish chunk with %j (choice %j) is a malformed_response naming %s, with the chunk', (extra, choice, field) => {
    const err = malformed(() => openRouterChunkMetadata(finishChunk(extra, choice), ctx));
    expect({ code: err.code, retryable: err.retryable, field: err.details?.field }).toEqual({ code: 'malformed_response', retryable: false, field });
    expect(err.rawText).toContain('gen-1');
  });

  it('the same in a whole completion; absent and null fields stay absent, well-typed ones are read', () => {
    const completion = (extra: Record<string, unknown>) =>
      ({ id: 'gen-2', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', native_finish_reason: 'end_turn' }], ...extra }) as unknown as OpenAI.Chat.Completions.ChatCompletion;
    expect(malformed(() => openRouterCompletionMetadata(completion({ provider: false }), new Headers(), ctx)).details?.field).toBe('provider');
    expect(openRouterCompletionMetadata(completion({ provider: null, usage: { is_byok: null } }), new Headers(), ctx)).toEqual({ openrouter: { nativeFinishReason: 'end_turn' } });
    expect(openRouterCompletionMetadata(completion({ provider: 'Together', usage: { is_byok: true } }), new Headers(), ctx)).toEqual({ openrouter: { provider: 'Together', nativeFinishReason: 'end_turn', byok: true } });
  });
});
