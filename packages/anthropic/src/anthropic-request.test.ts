import { isLLMError } from '@llm/errors';
import type { TransportRequest } from '@llm/core';
import { describe, expect, it } from 'vitest';
import { defaultMaxTokens, FALLBACK_MAX_TOKENS, STRUCTURED_OUTPUT_TOOL } from './anthropic-config.js';
import { toAnthropicToolChoice, toMessagesBody } from './anthropic-request.js';

const user = (content: string) => ({ role: 'user' as const, content });
const person = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };

function expectInvalid(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(isLLMError(err) && err.code).toBe('invalid_request');
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an invalid_request error');
}

describe('default max_tokens', () => {
  it('has a documented default per model family', () => {
    expect(defaultMaxTokens('claude-3-haiku-20240307')).toBe(4096);
    expect(defaultMaxTokens('claude-3-5-haiku-20241022')).toBe(8192);
    expect(defaultMaxTokens('claude-3-7-sonnet-20250219')).toBe(16384);
    expect(defaultMaxTokens('claude-sonnet-4-5')).toBe(16384);
    expect(defaultMaxTokens('claude-opus-4-8')).toBe(16384);
    expect(defaultMaxTokens('some-proxy-model')).toBe(FALLBACK_MAX_TOKENS);
  });

  it('is always sent: the caller\'s value, else the family default', () => {
    expect(toMessagesBody({ messages: [user('hi')] }, { modelId: 'claude-3-5-haiku-latest' }).body.max_tokens).toBe(8192);
    expect(toMessagesBody({ messages: [user('hi')], maxTokens: 55 }, { modelId: 'claude-3-5-haiku-latest' }).body.max_tokens).toBe(55);
  });

  it('adds a thinking budget on top of the default, and refuses a maxTokens that leaves no room for the answer', () => {
    const thinking = { type: 'enabled', budget_tokens: 2048 };
    const { body } = toMessagesBody({ messages: [user('hi')], providerOptions: { anthropic: { thinking } } }, { modelId: 'claude-sonnet-4-6' });
    expect(body.max_tokens).toBe(16384 + 2048);
    expect(body.thinking).toEqual(thinking);
    expectInvalid(() => toMessagesBody({ messages: [user('hi')], maxTokens: 1000, providerOptions: { anthropic: { thinking } } }, { modelId: 'claude-sonnet-4-6' }), /budget_tokens/);
  });
});

describe('toMessagesBody', () => {
  it('maps sampling settings and stop sequences', () => {
    const { body } = toMessagesBody({ messages: [user('hi')], temperature: 0.2, topP: 0.9, stop: 'END' }, { modelId: 'claude-haiku-4-5' });
    expect(body).toMatchObject({ model: 'claude-haiku-4-5', temperature: 0.2, top_p: 0.9, stop_sequences: ['END'] });
  });

  it('refuses settings the Messages API does not have, naming each', () => {
    expectInvalid(() => toMessagesBody({ messages: [user('hi')], seed: 1, presencePenalty: 0.5 }, { modelId: 'claude-haiku-4-5' }), /presencePenalty, seed/);
  });

  it('maps tools and every tool choice; a strict tool schema is closed, as strict tools require', () => {
    const request: TransportRequest = {
      messages: [user('hi')],
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} }, strict: true }],
      toolChoice: 'required',
    };
    const { body } = toMessagesBody(request, { modelId: 'claude-haiku-4-5' });
    expect(body.tools).toEqual([{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {}, additionalProperties: false }, strict: true }]);
    expect(body.tool_choice).toEqual({ type: 'any' });
    expect(toAnthropicToolChoice('auto')).toEqual({ type: 'auto' });
    expect(toAnthropicToolChoice('none')).toEqual({ type: 'none' });
    expect(toAnthropicToolChoice({ type: 'tool', name: 'get_weather' })).toEqual({ type: 'tool', name: 'get_weather' });
  });

  it('passes providerOptions.anthropic into the body as they are', () => {
    const { body } = toMessagesBody({ messages: [user('hi')], providerOptions: { anthropic: { metadata: { user_id: 'u1' }, top_k: 5 }, openai: { seed: 1 } } }, { modelId: 'claude-haiku-4-5' });
    expect(body).toMatchObject({ metadata: { user_id: 'u1' }, top_k: 5 });
    expect(body).not.toHaveProperty('seed');
  });

  it('asks for structured output natively through output_config.format by default', () => {
    const plan = toMessagesBody(
      { messages: [user('hi')], responseFormat: { type: 'json_schema', schema: person }, providerOptions: { anthropic: { output_config: { effort: 'low' } } } },
      { modelId: 'claude-sonnet-4-6' },
    );
    expect(plan.outputTool).toBeUndefined();
    expect(plan.body.output_config).toEqual({ effort: 'low', format: { type: 'json_schema', schema: person } });
    expect(plan.body.tools).toBeUndefined();
  });

  it('in tool mode, forces a json_output tool whose input schema is the output schema', () => {
    const plan = toMessagesBody({ messages: [user('hi')], responseFormat: { type: 'json_schema', schema: person } }, { modelId: 'claude-3-5-haiku-latest', structuredOutput: 'tool' });
    expect(plan.outputTool).toBe(STRUCTURED_OUTPUT_TOOL);
    expect(plan.body.tools).toEqual([expect.objectContaining({ name: 'json_output', input_schema: person })]);
    expect(plan.body.tool_choice).toEqual({ type: 'tool', name: 'json_output' });
    expect(plan.body.output_config).toBeUndefined();
  });

  it('in tool mode with other tools, lets the model pick any tool; with thinking, only asks', () => {
    const tools = [{ name: 'lookup', parameters: { type: 'object' } }];
    const withTools = toMessagesBody({ messages: [user('hi')], tools, responseFormat: { type: 'json_schema', schema: person } }, { modelId: 'm', structuredOutput: 'tool' });
    expect(withTools.body.tools?.map((t) => ('name' in t ? t.name : t.type))).toEqual(['lookup', 'json_output']);
    expect(withTools.body.tool_choice).toEqual({ type: 'any' });
    const thinking = toMessagesBody(
      { messages: [user('hi')], responseFormat: { type: 'json_schema', schema: person }, providerOptions: { anthropic: { thinking: { type: 'adaptive' } } } },
      { modelId: 'm', structuredOutput: 'tool' },
    );
    expect(thinking.body.tool_choice).toEqual({ type: 'auto' });
  });

  it('sends plain JSON mode as the tool with an open object schema, and refuses a clash of tool names', () => {
    const plan = toMessagesBody({ messages: [user('hi')], responseFormat: { type: 'json' } }, { modelId: 'claude-haiku-4-5' });
    expect(plan.body.tools).toEqual([expect.objectContaining({ name: 'json_output', input_schema: { type: 'object' } })]);
    expectInvalid(
      () => toMessagesBody({ messages: [user('hi')], tools: [{ name: 'json_output', parameters: { type: 'object' } }], responseFormat: { type: 'json' } }, { modelId: 'm' }),
      /json_output/,
    );
  });
});
