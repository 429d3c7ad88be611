import type Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { fromMessage, mapAnthropicStopReason, mapAnthropicUsage, mergeAnthropicUsage } from './anthropic-response.js';

const ctx = { provider: 'anthropic', model: 'claude-haiku-4-5' };

function message(content: unknown[], stop_reason = 'end_turn', usage: Record<string, unknown> = { input_tokens: 10, output_tokens: 5 }): Anthropic.Messages.Message {
  return { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content, stop_reason, stop_sequence: null, usage } as unknown as Anthropic.Messages.Message;
}

describe('mapAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'other'],
    ['model_context_window_exceeded', 'length'],
    [null, 'other'],
  ])('%s -> %s', (raw, expected) => {
    expect(mapAnthropicStopReason(raw)).toBe(expected);
  });
});

describe('mapAnthropicUsage', () => {
  it('counts cache reads and writes as input, and reports them apart', () => {
    expect(mapAnthropicUsage({ input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 40, output_tokens: 7 })).toEqual({
      inputTokens: 150,
      outputTokens: 7,
      totalTokens: 157,
      cachedInputTokens: 100,
      cacheWriteTokens: 40,
    });
  });

  it('reports thinking tokens as reasoning tokens', () => {
    expect(mapAnthropicUsage({ input_tokens: 1, output_tokens: 90, output_tokens_details: { thinking_tokens: 60 } }).reasoningTokens).toBe(60);
  });

  it('merges message_delta usage over message_start usage field by field, ignoring nulls', () => {
    const start = { input_tokens: 43, cache_read_input_tokens: 5, output_tokens: 1 };
    const merged = mergeAnthropicUsage(start, { input_tokens: null, cache_read_input_tokens: null, output_tokens: 30 });
    expect(merged).toEqual({ input_tokens: 43, cache_read_input_tokens: 5, output_tokens: 30 });
    expect(mergeAnthropicUsage(start, { input_tokens: 61, output_tokens: 2 }).input_tokens).toBe(61);
  });
});

describe('fromMessage', () => {
  it('keeps thinking out of the text', () => {
    const out = fromMessage(message([{ type: 'thinking', thinking: 'Let me think.', signature: 'sig' }, { type: 'text', text: 'Answer.' }]), ctx);
    expect(out.text).toBe('Answer.');
    expect(out.reasoning).toBe('Let me think.');
    expect(out.providerMetadata).toMatchObject({ thinkingSignature: 'sig' });
  });

  it('returns tool_use blocks as tool calls with their input', () => {
    const out = fromMessage(
      message([{ type: 'text', text: 'Let me check.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }], 'tool_use'),
      ctx,
    );
    expect(out.toolCalls).toEqual([{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }]);
    expect(out.finishReason).toBe('tool_calls');
    expect(out.rawFinishReason).toBe('tool_use');
  });

  it('turns the structured-output tool call into the reply text, keeping any preamble apart', () => {
    const out = fromMessage(message([{ type: 'text', text: 'Here:' }, { type: 'tool_use', id: 'toolu_1', name: 'json_output', input: { name: 'Ada' } }], 'tool_use'), ctx, 'json_output');
    expect(out.text).toBe('{"name":"Ada"}');
    expect(out.toolCalls).toEqual([]);
    expect(out.finishReason).toBe('stop');
    expect(out.providerMetadata).toMatchObject({ preamble: 'Here:' });
  });

  it('calls a reply without content blocks malformed', () => {
    expect(() => fromMessage({ id: 'x' } as unknown as Anthropic.Messages.Message, ctx)).toThrow(/no content blocks/);
  });
});
