import { isLLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { toAnthropicMessages } from './anthropic-messages.js';

describe('toAnthropicMessages', () => {
  it('moves the system message to the top-level system field', () => {
    const out = toAnthropicMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
    ]);
    expect(out.system).toBe('Be brief.');
    expect(out.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('keeps several system messages apart, in order, as text blocks', () => {
    const out = toAnthropicMessages([
      { role: 'system', content: 'One.' },
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'Two.' },
    ]);
    expect(out.system).toEqual([
      { type: 'text', text: 'One.' },
      { type: 'text', text: 'Two.' },
    ]);
    expect(out.messages.map((m) => m.role)).toEqual(['user']);
  });

  it('merges consecutive user messages into one turn', () => {
    const out = toAnthropicMessages([
      { role: 'user', content: 'first' },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
      { role: 'assistant', content: 'ok' },
    ]);
    expect(out.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'second' }] },
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('sends tool calls as tool_use blocks and several tool results as one user turn of tool_result blocks', () => {
    const out = toAnthropicMessages([
      { role: 'user', content: 'weather and time?' },
      {
        role: 'assistant',
        content: 'Checking.',
        toolCalls: [
          { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Oslo' } },
          { id: 'toolu_2', name: 'get_time', arguments: { timezone: 'Europe/Oslo' } },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_1', content: { temperature: 3 } },
      { role: 'tool', toolCallId: 'toolu_2', content: '12:00', isError: false },
      { role: 'user', content: 'and tomorrow?' },
    ]);
    expect(out.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(out.messages[1]!.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: { timezone: 'Europe/Oslo' } },
    ]);
    expect(out.messages[2]!.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temperature":3}' },
      { type: 'tool_result', tool_use_id: 'toolu_2', content: '12:00' },
      { type: 'text', text: 'and tomorrow?' },
    ]);
  });

  it('marks failed tool results with is_error', () => {
    const out = toAnthropicMessages([{ role: 'tool', toolCallId: 'toolu_9', content: 'boom', isError: true }]);
    expect(out.messages[0]!.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_9', content: 'boom', is_error: true }]);
  });

  it('leaves out an assistant message with neither text nor tool calls, then merges the users around it', () => {
    const out = toAnthropicMessages([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: null },
      { role: 'user', content: 'b' },
    ]);
    expect(out.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]);
  });

  it('sends images by URL, base64 data and data URL', () => {
    const out = toAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'image', url: 'https://example.com/cat.png' },
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' },
        ],
      },
    ]);
    expect(out.messages[0]!.content).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
    ]);
  });

  it('rejects an image type the API does not take, naming it', () => {
    try {
      toAnthropicMessages([{ role: 'user', content: [{ type: 'image', data: 'AAAA', mediaType: 'image/tiff' }] }]);
      expect.unreachable();
    } catch (err) {
      expect(isLLMError(err) && err.code).toBe('invalid_request');
      expect((err as Error).message).toContain('image/tiff');
    }
  });
});
