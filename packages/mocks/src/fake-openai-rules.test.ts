import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGroqServer } from './fake-groq-server.js';
import { openAIRequestProblem, strictSchemaProblem } from './fake-openai-rules.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import { startFakeOpenRouterServer } from './fake-openrouter-server.js';
import type { FakeServer } from './fake-server.js';
import { GROQ_RULES } from './fake-groq-server.js';

type Json = Record<string, unknown>;

const user = { role: 'user', content: 'hi' };
const base = (extra: Json = {}): Json => ({ model: 'gpt-4o-mini', messages: [user], ...extra });
const call = (id: string) => ({ id, type: 'function', function: { name: 'f', arguments: '{}' } });
const tool = (extra: Json = {}) => ({ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} }, ...extra } });

describe('what the Chat Completions API refuses', () => {
  it('takes a well-formed request', () => {
    expect(openAIRequestProblem(base())).toBeUndefined();
    expect(
      openAIRequestProblem(
        base({
          messages: [user, { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] }, { role: 'tool', tool_call_id: 'a', content: '1' }, { role: 'tool', tool_call_id: 'b', content: '2' }],
          tools: [tool()],
          tool_choice: { type: 'function', function: { name: 'f' } },
          stream: true,
          stream_options: { include_usage: true },
        }),
      ),
    ).toBeUndefined();
  });

  it.each<[string, Json, Partial<{ message: string; param: string | null; code: string | null }>]>([
    ['no model', { messages: [user] }, { message: 'you must provide a model parameter' }],
    ['no messages', { model: 'gpt-4o-mini' }, { param: 'messages', code: 'missing_required_parameter' }],
    ['empty messages', base({ messages: [] }), { code: 'empty_array' }],
    ['an unknown field', base({ top_k: 3 }), { message: 'Unrecognized request argument supplied: top_k' }],
    ['an unknown role', base({ messages: [{ role: 'robot', content: 'x' }] }), { param: 'messages[0].role', code: 'invalid_value' }],
    ['a user message without content', base({ messages: [{ role: 'user' }] }), { message: "Missing required parameter: 'messages[0].content'." }],
    ['a tool message without tool_call_id', base({ messages: [user, { role: 'assistant', content: null, tool_calls: [call('a')] }, { role: 'tool', content: 'x' }] }), { message: "Missing required parameter: 'messages[2].tool_call_id'." }],
    ['a tool result without its call', base({ messages: [user, { role: 'tool', tool_call_id: 'a', content: 'x' }] }), { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", param: 'messages.[1].role' }],
    ['a tool result for another call', base({ messages: [user, { role: 'assistant', content: null, tool_calls: [call('a')] }, { role: 'tool', tool_call_id: 'z', content: 'x' }] }), { param: 'messages.[2].tool_call_id' }],
    ['a call left unanswered', base({ messages: [user, { role: 'assistant', content: null, tool_calls: [call('a'), call('b')] }, { role: 'tool', tool_call_id: 'a', content: 'x' }, user] }), { message: expect.stringContaining('did not have response messages: b') as unknown as string }],
    ['an assistant turn with neither content nor calls', base({ messages: [user, { role: 'assistant', content: null }] }), { message: "Invalid value for 'content': expected a string, got null." }],
    ['tool_choice without tools', base({ tool_choice: 'none' }), { message: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", param: 'tool_choice' }],
    ['parallel_tool_calls without tools', base({ parallel_tool_calls: false }), { param: 'parallel_tool_calls' }],
    ['a tool choice naming no tool', base({ tools: [tool()], tool_choice: { type: 'function', function: { name: 'g' } } }), { param: 'tool_choice' }],
    ['a bad tool name', base({ tools: [{ type: 'function', function: { name: 'a b' } }] }), { param: 'tools[0].function.name' }],
    ['a strict tool with an open schema', base({ tools: [tool({ strict: true })] }), { message: "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.", code: 'invalid_function_parameters' }],
    ['a strict output schema with an optional key', base({ response_format: { type: 'json_schema', json_schema: { name: 'o', strict: true, schema: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } } } }), { message: expect.stringContaining("Missing 'a'") as unknown as string, param: 'response_format' }],
    ['a strict output schema whose root is a list', base({ response_format: { type: 'json_schema', json_schema: { name: 'o', strict: true, schema: { type: 'array', items: { type: 'string' } } } } }), { message: `Invalid schema for response_format 'o': schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`, param: 'response_format', code: 'invalid_json_schema' }],
    ['a strict output schema whose root is a union', base({ response_format: { type: 'json_schema', json_schema: { name: 'o', strict: true, schema: { anyOf: [{ type: 'string' }, { type: 'number' }] } } } }), { message: `Invalid schema for response_format 'o': schema must be a JSON Schema of 'type: "object"', got 'type: "None"'.` }],
    ['a strict output schema with allOf', base({ response_format: { type: 'json_schema', json_schema: { name: 'o', strict: true, schema: { type: 'object', properties: { a: { allOf: [{ type: 'string' }] } }, required: ['a'], additionalProperties: false } } } }), { message: "Invalid schema for response_format 'o': In context=('properties', 'a'), 'allOf' is not permitted.", param: 'response_format' }],
    ['a strict tool with if/then', base({ tools: [tool({ strict: true, parameters: { type: 'object', properties: {}, required: [], additionalProperties: false, if: { required: [] }, then: { required: [] } } })] }), { message: "Invalid schema for function 'f': In context=(), 'if' is not permitted.", code: 'invalid_function_parameters' }],
    ['a json_schema without a name', base({ response_format: { type: 'json_schema', json_schema: { schema: {} } } }), { param: 'response_format.json_schema.name' }],
    ['stream_options without stream', base({ stream_options: { include_usage: true } }), { param: 'stream_options' }],
    ['a temperature above 2', base({ temperature: 7 }), { code: 'decimal_above_max_value' }],
    ['max_tokens on a reasoning model', base({ model: 'o4-mini', max_tokens: 5 }), { code: 'unsupported_parameter', param: 'max_tokens' }],
    ['an image URL that is neither http(s) nor a data URL', base({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }] }), { param: 'messages[0].content[0].image_url.url' }],
  ])('refuses %s', (_name, body, expected) => {
    expect(openAIRequestProblem(body)).toMatchObject(expected);
  });

  it('Groq refuses fields it does not know in its own words, and more than one choice', () => {
    expect(openAIRequestProblem(base({ logprobs_foo: 1 }), GROQ_RULES)).toMatchObject({ message: "property 'logprobs_foo' is unsupported" });
    expect(openAIRequestProblem(base({ n: 2 }), GROQ_RULES)).toMatchObject({ message: "'n' : number must be at most 1" });
    expect(openAIRequestProblem(base({ reasoning_format: 'parsed' }), GROQ_RULES)).toBeUndefined();
  });

  it('checks strict schemas all the way down', () => {
    const closed = (properties: Json) => ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false });
    expect(strictSchemaProblem(closed({ a: closed({ b: { type: 'string' } }) }))).toBeUndefined();
    expect(strictSchemaProblem(closed({ a: { type: 'object', properties: {} } }))).toBe("In context=('properties', 'a'), 'additionalProperties' is required to be supplied and to be false.");
    expect(strictSchemaProblem(closed({ list: { type: 'array', items: { type: 'object', properties: { x: { type: 'string' } }, additionalProperties: false } } }))).toMatch(/'items'.*Missing 'x'/);
    expect(strictSchemaProblem(closed({ either: { anyOf: [{ type: 'string' }, { type: 'object', properties: {} }] } }))).toMatch(/^In context=\('properties', 'either', 'anyOf', '1'\), 'additionalProperties'/);
    expect(strictSchemaProblem({ ...closed({}), $defs: { N: { not: { type: 'string' } } } })).toBe("In context=('$defs', 'N'), 'not' is not permitted.");
    // The API refuses oneOf as it refuses allOf (anyOf is the union it takes), wherever it is.
    expect(strictSchemaProblem(closed({ id: { oneOf: [{ type: 'string' }, { type: 'number' }] } }))).toBe("In context=('properties', 'id'), 'oneOf' is not permitted.");
    expect(strictSchemaProblem(closed({ t: { type: 'array', prefixItems: [{ type: 'string', allOf: [] }], items: false } }))).toBe("In context=('properties', 't', 'prefixItems', '0'), 'allOf' is not permitted.");
    // A keyword is found before an open object elsewhere.
    expect(strictSchemaProblem({ type: 'object', properties: { a: { type: 'string', else: {} } } })).toBe("In context=('properties', 'a'), 'else' is not permitted.");
    // Not strict: anything goes (the same keywords are taken).
    expect(openAIRequestProblem(base({ response_format: { type: 'json_schema', json_schema: { name: 'o', schema: { type: 'array', allOf: [] } } } }))).toBeUndefined();
  });
});

describe('each OpenAI-style fake answers a refused request in its vendor body', () => {
  const servers: FakeServer[] = [];
  let openai: FakeServer;
  let groq: FakeServer;
  let openrouter: FakeServer;
  beforeAll(async () => {
    servers.push((openai = await startFakeOpenAIServer()), (groq = await startFakeGroqServer()), (openrouter = await startFakeOpenRouterServer()));
  });
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  const post = (server: FakeServer, body: Json) =>
    fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` }, body: JSON.stringify(body) });
  const unanswered = { model: 'm', messages: [user, { role: 'tool', tool_call_id: 'a', content: 'x' }] };

  it('OpenAI: 400 invalid_request_error with param and code; nothing recorded, no scenario used', async () => {
    openai.enqueue({ kind: 'text', text: 'kept' });
    const res = await post(openai, unanswered);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", type: 'invalid_request_error', param: 'messages.[1].role', code: null },
    });
    expect(openai.requests).toHaveLength(0);
    const next = await post(openai, { model: 'm', messages: [user] });
    expect(((await next.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe('kept');
  });

  it('Groq: its error shape', async () => {
    const res = await post(groq, unanswered);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: expect.stringContaining("messages with role 'tool'"), type: 'invalid_request_error', param: 'messages.[1].role' } });
  });

  it('OpenRouter: the upstream refusal wrapped as "Provider returned error" with the raw body', async () => {
    const res = await post(openrouter, unanswered);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: number; message: string; metadata: { raw: string; provider_name: string } } };
    expect(body.error).toMatchObject({ code: 400, message: 'Provider returned error', metadata: { provider_name: 'Groq' } });
    expect(JSON.parse(body.error.metadata.raw)).toMatchObject({ error: { param: 'messages.[1].role' } });
  });
});
