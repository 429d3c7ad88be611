import { describe, expect, it } from 'vitest';
import { anthropicRequestProblem, structuredSchemaProblem } from './fake-anthropic-rules.js';

type Json = Record<string, unknown>;

const user = { role: 'user', content: 'hi' };
const base = (extra: Json = {}): Json => ({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [user], ...extra });
const use = (id: string) => ({ type: 'tool_use', id, name: 'f', input: {} });
const result = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: 'x' });
const tool = { name: 'f', input_schema: { type: 'object', properties: {} } };

describe('what the Messages API refuses', () => {
  it('takes a well-formed request, tool round trip and final assistant prefill included', () => {
    expect(anthropicRequestProblem(base())).toBeUndefined();
    expect(
      anthropicRequestProblem(
        base({
          messages: [user, { role: 'assistant', content: [use('a'), use('b')] }, { role: 'user', content: [result('a'), result('b'), { type: 'text', text: 'and?' }] }, { role: 'assistant', content: '' }],
          tools: [tool],
          tool_choice: { type: 'any' },
        }),
      ),
    ).toBeUndefined();
  });

  it.each<[string, Json, string | RegExp]>([
    ['no max_tokens', { model: 'm', messages: [user] }, 'max_tokens: Field required'],
    ['max_tokens of 0', base({ max_tokens: 0 }), 'max_tokens: Input should be greater than or equal to 1'],
    ['no model', { max_tokens: 1, messages: [user] }, 'model: Field required'],
    ['an unknown field', base({ top_n: 1 }), 'top_n: Extra inputs are not permitted'],
    ['a system message in the list', base({ messages: [{ role: 'system', content: 'x' }] }), /Unexpected role "system"/],
    ['an empty user message', base({ messages: [{ role: 'user', content: '' }] }), /must have non-empty content/],
    ['an empty text block', base({ messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }), 'messages: text content blocks must be non-empty'],
    ['a temperature above 1', base({ temperature: 1.5 }), 'temperature: Input should be less than or equal to 1'],
    ['an image type it does not take', base({ messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'x' } }] }] }), /media_type/],
    ['a tool result without its call', base({ messages: [user, { role: 'user', content: [result('a')] }] }), 'messages.1.content.0: unexpected `tool_use_id` found in `tool_result` blocks: a. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.'],
    ['a call without its result', base({ messages: [user, { role: 'assistant', content: [use('a'), use('b')] }, { role: 'user', content: [result('a')] }] }), /^messages\.1: `tool_use` ids were found without `tool_result` blocks immediately after: b\./],
    ['tool_choice without tools', base({ tool_choice: { type: 'any' } }), 'tool_choice: tool_choice may only be specified while providing tools'],
    ['a tool choice naming no tool', base({ tools: [tool], tool_choice: { type: 'tool', name: 'g' } }), "tool_choice: Tool 'g' not found in tools"],
    ['two tools of one name', base({ tools: [tool, tool] }), 'tools: Tool names must be unique.'],
    ['a strict tool with an open schema', base({ tools: [{ ...tool, strict: true }] }), "tools.0.custom: For 'object' type, 'additionalProperties' must be explicitly set to false"],
    ['an open output schema', base({ output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: {} } } } }), "output_config.format.schema: For 'object' type, 'additionalProperties' must be explicitly set to false"],
    ['thinking with a forced tool', base({ thinking: { type: 'enabled', budget_tokens: 50 }, max_tokens: 100, tools: [tool], tool_choice: { type: 'any' } }), 'Thinking may not be enabled when tool_choice forces tool use.'],
    ['a thinking budget over max_tokens', base({ thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 100 }), /must be greater than `thinking.budget_tokens`/],
  ])('refuses %s', (_name, body, expected) => {
    const found = anthropicRequestProblem(body);
    if (typeof expected === 'string') expect(found).toBe(expected);
    else expect(found).toMatch(expected);
  });

  it('checks structured-output schemas for the keywords the grammar cannot hold', () => {
    const closed = (properties: Json) => ({ type: 'object', properties, additionalProperties: false });
    expect(structuredSchemaProblem(closed({ a: { type: 'integer', description: 'x' } }))).toBeUndefined();
    expect(structuredSchemaProblem(closed({ a: { type: 'integer', minimum: 0 } }))).toBe("For 'integer' type, property 'minimum' is not supported");
    expect(structuredSchemaProblem(closed({ a: { type: 'string', maxLength: 3 } }))).toBe("For 'string' type, property 'maxLength' is not supported");
    expect(structuredSchemaProblem(closed({ a: { type: 'object', properties: {}, additionalProperties: true } }))).toMatch(/'additionalProperties: true' is not supported/);
  });
});
