import { describe, expect, it } from 'vitest';
import { googleRequestProblem } from './fake-google-rules.js';

type Json = Record<string, unknown>;

const user = { role: 'user', parts: [{ text: 'hi' }] };
const callTurn = (n: number) => ({ role: 'model', parts: Array.from({ length: n }, () => ({ functionCall: { name: 'f', args: {} } })) });
const responseTurn = (n: number) => ({ role: 'user', parts: Array.from({ length: n }, () => ({ functionResponse: { name: 'f', response: {} } })) });
const declared = { tools: [{ functionDeclarations: [{ name: 'f', parametersJsonSchema: { type: 'object' } }] }] };

describe('what generateContent refuses', () => {
  it('takes a well-formed request with a function round trip', () => {
    expect(googleRequestProblem({ contents: [user, callTurn(2), responseTurn(2)], ...declared, toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] } } })).toBeUndefined();
  });

  it.each<[string, Json, string]>([
    ['no contents', {}, '* GenerateContentRequest.contents: contents is not specified'],
    ['empty contents', { contents: [] }, '* GenerateContentRequest.contents: contents is not specified'],
    ['an unknown field', { contents: [user], foo: 1 }, 'Invalid JSON payload received. Unknown name "foo": Cannot find field.'],
    ['a role it does not know', { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, 'Please use a valid role: user, model.'],
    ['a turn without parts', { contents: [{ role: 'user', parts: [] }] }, '* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.'],
    ['a part without data', { contents: [{ role: 'user', parts: [{}] }] }, "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one initialized field"],
    ['a response that answers no call', { contents: [user, responseTurn(1)] }, 'Please ensure that function response turn comes immediately after a function call turn.'],
    ['fewer responses than calls', { contents: [user, callTurn(2), responseTurn(1)], ...declared }, 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.'],
    ['a call right after a model turn', { contents: [user, { role: 'model', parts: [{ text: 'x' }] }, callTurn(1)] }, 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.'],
    ['a function-calling config without declarations', { contents: [user], toolConfig: { functionCallingConfig: { mode: 'NONE' } } }, '* GenerateContentRequest.tool_config.function_calling_config: function calling config is set without function_declarations.'],
    ['allowed names outside ANY mode', { contents: [user], ...declared, toolConfig: { functionCallingConfig: { mode: 'AUTO', allowedFunctionNames: ['f'] } } }, expect.stringContaining('allowed_function_names') as unknown as string],
    ['a temperature above 2', { contents: [user], generationConfig: { temperature: 3 } }, '* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0]'],
  ])('refuses %s', (_name, body, expected) => {
    expect(googleRequestProblem(body)).toEqual(expected);
  });
});
