import { describe, expect, it } from 'vitest';
import { parseAnthropicMessagesRequest } from './anthropic-messages-request.js';

describe('Anthropic Messages request → ChatRequest', () => {
  it('splits tool results out of user turns and keeps thinking blocks with their signatures', () => {
    const { request, stream } = parseAnthropicMessagesRequest({
      model: 'claude',
      max_tokens: 100,
      system: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }],
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'calling' },
            { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'res' }], is_error: true },
            { type: 'text', text: 'and?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'aGk=' } },
          ],
        },
      ],
      stop_sequences: ['X'],
      top_k: 5,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      metadata: { user_id: 'u' },
      output_config: { effort: 'low', format: { type: 'json_schema', schema: { type: 'object' } } },
      cache_control: { type: 'ephemeral' },
    });
    expect(stream).toBe(false);
    expect(request.messages).toEqual([
      { role: 'system', content: 'ab' },
      { role: 'user', content: 'hi' },
      {
        role: 'assistant',
        content: 'calling',
        toolCalls: [{ id: 't1', name: 'f', arguments: { a: 1 } }],
        reasoning: [
          { type: 'reasoning', text: 'hmm', signature: 'sig' },
          { type: 'redacted-reasoning', data: 'opaque' },
        ],
      },
      { role: 'tool', toolCallId: 't1', content: 'res', isError: true },
      { role: 'user', content: [{ type: 'text', text: 'and?' }, { type: 'image', data: 'aGk=', mediaType: 'image/png' }] },
    ]);
    expect(request).toMatchObject({ maxTokens: 100, stop: ['X'], toolChoice: 'auto', responseFormat: { type: 'json_schema', schema: { type: 'object' } } });
    expect(request.providerOptions).toMatchObject({
      anthropic: { top_k: 5, thinking: { type: 'enabled', budget_tokens: 1024 }, tool_choice: { type: 'auto', disable_parallel_tool_use: true }, metadata: { user_id: 'u' }, output_config: { effort: 'low' } },
      openai: { parallel_tool_calls: false },
    });
  });

  it('names each bad field, including fields it does not carry', () => {
    let message = '';
    try {
      parseAnthropicMessagesRequest({ model: 'c', messages: [{ role: 'system', content: 'x' }], mcp_servers: [], top_p: 2, stop_sequences: ['a', 'b', 'c', 'd', 'e'] });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const f of ['max_tokens', 'messages[0]', 'mcp_servers', 'top_p', 'stop_sequences']) expect(message).toContain(f);
  });
});
