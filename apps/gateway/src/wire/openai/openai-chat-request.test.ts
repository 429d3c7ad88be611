import { toJsonSchema } from '@llm/schema';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseOpenAIChatRequest } from './openai-chat-request.js';

function failure(body: unknown): { message: string; fields: string[] } {
  try {
    parseOpenAIChatRequest(body);
  } catch (err) {
    const e = err as { code: string; message: string; details: { fields: string[] } };
    expect(e.code).toBe('invalid_request');
    return { message: e.message, fields: e.details.fields };
  }
  throw new Error('expected a refusal');
}

describe('OpenAI Chat Completions request → ChatRequest', () => {
  it('maps messages, settings, tools, tool choice, response format and OpenAI-only fields', () => {
    const parameters = { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
    const { model, request, stream, includeUsage } = parseOpenAIChatRequest({
      model: 'fast',
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'rules' }] },
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,aGk=', detail: 'low' } }], name: 'ann' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'found' },
      ],
      max_completion_tokens: 99,
      max_tokens: 5,
      temperature: 0,
      top_p: 0.5,
      stop: 'END',
      seed: 3,
      tools: [{ type: 'function', function: { name: 'search', description: 'web', parameters, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'search' } },
      response_format: { type: 'json_object' },
      stream: true,
      stream_options: { include_usage: true },
      parallel_tool_calls: false,
      user: 'u-1',
      provider_options: { anthropic: { top_k: 3 } },
    });
    expect(model).toBe('fast');
    expect(stream).toBe(true);
    expect(includeUsage).toBe(true);
    expect(request.messages).toEqual([
      { role: 'system', content: 'rules' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', url: 'data:image/png;base64,aGk=', detail: 'low' }], name: 'ann' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'search', arguments: { q: 'x' } }] },
      { role: 'tool', toolCallId: 'c1', content: 'found' },
    ]);
    expect(request).toMatchObject({ maxTokens: 99, temperature: 0, topP: 0.5, stop: 'END', seed: 3, toolChoice: { type: 'tool', name: 'search' }, responseFormat: { type: 'json' } });
    expect(request.tools![0]).toMatchObject({ name: 'search', description: 'web', strict: true });
    // The client's schema reaches the vendor unchanged.
    expect(toJsonSchema(request.tools![0]!.parameters as z.ZodType)).toEqual(parameters);
    expect(request.providerOptions).toEqual({
      openai: { parallel_tool_calls: false, user: 'u-1' },
      groq: { parallel_tool_calls: false, user: 'u-1' },
      openrouter: { parallel_tool_calls: false, user: 'u-1' },
      anthropic: { top_k: 3 },
    });
  });

  it('names every bad field at once', () => {
    const { fields } = failure({
      model: '',
      messages: [{ role: 'function', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{oops' } }] }],
      temperature: 3,
      n: 3,
      logprobs: true,
      functions: [],
      surprise: 1,
    });
    const all = fields.join('\n');
    for (const f of ['model', 'messages[0]', 'temperature', 'n', 'logprobs', 'functions', 'surprise']) expect(all).toContain(f);
  });

  it('names tool-call arguments that are not a JSON object', () => {
    const { fields } = failure({ model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '[1]' } }] }] });
    expect(fields).toEqual(['messages[0].tool_calls[0].function.arguments: must be a JSON object']);
  });

  it('refuses a body that is not an object', () => {
    expect(failure([1, 2]).fields).toEqual(['(root): the request body must be a JSON object']);
  });
});
