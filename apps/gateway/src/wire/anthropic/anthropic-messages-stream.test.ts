import type { ChatResponse, StreamEvent } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../http/http-failure.js';
import { AnthropicMessagesStreamEncoder } from './anthropic-messages-stream.js';

function events(sse: string): Array<{ event: string; data: Record<string, unknown> }> {
  return sse
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => {
      const [e, d] = frame.split('\n');
      return { event: e!.slice('event: '.length), data: JSON.parse(d!.slice('data: '.length)) as Record<string, unknown> };
    });
}

const response: ChatResponse<unknown> = {
  id: 'x',
  provider: 'openai',
  model: 'm',
  created: 0,
  text: 'hi',
  toolCalls: [],
  finishReason: 'tool_calls',
  usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15, cachedInputTokens: 4 },
  object: undefined,
};

describe('Anthropic stream encoder', () => {
  it('opens a block per run of text, thinking or tool call, and closes the message only on finish', () => {
    const encoder = new AnthropicMessagesStreamEncoder({ id: 'msg_1', created: 0, model: 'claude', includeUsage: true });
    const input: StreamEvent<unknown>[] = [
      { type: 'reasoning-delta', text: 'think' },
      { type: 'text-delta', text: 'hi' },
      { type: 'tool-call-delta', index: 0, id: 'c1', name: 'f', argumentsDelta: '{"a"' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: ':1}' },
      { type: 'tool-call-delta', index: 1, id: 'c2', name: 'g', argumentsDelta: '' },
      { type: 'usage', usage: response.usage },
      { type: 'finish', finishReason: 'tool_calls', response },
    ];
    const out = events(input.map((e) => encoder.encode(e)).join(''));
    expect(out.map((e) => `${e.event}${e.data.index ?? ''}`)).toEqual([
      'message_start',
      'content_block_start0',
      'content_block_delta0',
      'content_block_stop0',
      'content_block_start1',
      'content_block_delta1',
      'content_block_stop1',
      'content_block_start2',
      'content_block_delta2',
      'content_block_delta2',
      'content_block_stop2',
      'content_block_start3',
      'content_block_stop3',
      'message_delta',
      'message_stop',
    ]);
    expect(out[7]!.data.content_block).toEqual({ type: 'tool_use', id: 'c1', name: 'f', input: {} });
    expect(out[13]!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { input_tokens: 6, output_tokens: 5, cache_read_input_tokens: 4, cache_creation_input_tokens: 0 },
    });
  });

  it('ends a failed stream with an error event only', () => {
    const encoder = new AnthropicMessagesStreamEncoder({ id: 'msg_1', created: 0, model: 'claude', includeUsage: true });
    encoder.encode({ type: 'text-delta', text: 'hi' });
    const failure = describeFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }));
    expect(events(encoder.fail(failure))).toEqual([{ event: 'error', data: { type: 'error', error: { type: 'api_error', message: expect.stringContaining('network error') } } }]);
  });
});
