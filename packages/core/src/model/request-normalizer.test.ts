import { LLMError } from '@llm/errors';
import { ChatRequestSchema, parseOrThrow, type ChatRequest } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toTransportRequest, validateChatRequest } from './request-normalizer.js';

const user = { role: 'user', content: 'hi' } as const;

/** What zod alone makes of a request: the parsed copy, or the error message. */
function viaZod(request: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: parseOrThrow(ChatRequestSchema, request, 'chat request') };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

function viaValidate(request: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: validateChatRequest(request as ChatRequest) };
  } catch (err) {
    expect(LLMError.is(err)).toBe(true);
    return { ok: false, message: (err as Error).message };
  }
}

const cases: Array<[string, unknown]> = [
  ['one user message', { messages: [user] }],
  ['system, user, assistant and settings', {
    messages: [{ role: 'system', content: 'be brief' }, user, { role: 'assistant', content: 'hello' }, { role: 'user', content: 'again', name: 'ann' }],
    maxTokens: 100, temperature: 0, topP: 1, presencePenalty: -2, frequencyPenalty: 2, seed: -5, stop: ['x', 'y'], tags: { feature: 'chat' },
  }],
  ['stop as a string', { messages: [user], stop: 'END' }],
  ['optional keys set to undefined', { messages: [user], temperature: undefined, tools: undefined, output: undefined }],
  ['a user name set to undefined', { messages: [{ role: 'user', content: 'hi', name: undefined }] }],
  ['an unknown top-level key (zod strips it)', { messages: [user], extra: 1 }],
  ['an unknown top-level key set to undefined', { messages: [user], extra: undefined }],
  ['an unknown message key (zod strips it)', { messages: [{ role: 'user', content: 'hi', mood: 'happy' }] }],
  ['assistant content null', { messages: [user, { role: 'assistant', content: null }] }],
  ['a tool message', { messages: [user, { role: 'tool', toolCallId: 'c1', content: { ok: true } }] }],
  ['content parts', { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }],
  ['tools', { messages: [user], tools: [{ name: 'get_weather', parameters: z.object({ city: z.string() }) }] }],
  ['providerOptions', { messages: [user], providerOptions: { openai: { reasoning_effort: 'low' } } }],
  ['no messages key', {}],
  ['an empty message list', { messages: [] }],
  ['messages not an array', { messages: 'hi' }],
  // eslint-disable-next-line no-sparse-arrays -- a hole is exactly what this case checks
  ['a sparse message list', { messages: [user, , user] }],
  ['a message that is not an object', { messages: ['hi'] }],
  ['an unknown role', { messages: [{ role: 'robot', content: 'hi' }] }],
  ['system content not a string', { messages: [{ role: 'system', content: 5 }] }],
  ['user name not a string', { messages: [{ role: 'user', content: 'hi', name: 5 }] }],
  ['maxTokens 0', { messages: [user], maxTokens: 0 }],
  ['maxTokens not an integer', { messages: [user], maxTokens: 1.5 }],
  ['maxTokens as a string', { messages: [user], maxTokens: '10' }],
  ['temperature too high', { messages: [user], temperature: 2.5 }],
  ['temperature NaN', { messages: [user], temperature: Number.NaN }],
  ['temperature Infinity', { messages: [user], temperature: Number.POSITIVE_INFINITY }],
  ['topP 0', { messages: [user], topP: 0 }],
  ['presencePenalty too low', { messages: [user], presencePenalty: -3 }],
  ['seed not an integer', { messages: [user], seed: 0.5 }],
  ['an empty stop string', { messages: [user], stop: '' }],
  ['five stop strings', { messages: [user], stop: ['a', 'b', 'c', 'd', 'e'] }],
  ['an empty stop list', { messages: [user], stop: [] }],
  ['a tag that is not a string', { messages: [user], tags: { n: 1 } }],
  ['a request that is not an object', 'hello'],
  ['null', null],
  ['a class instance', new (class Req { messages = [user]; })()],
];

describe('validateChatRequest', () => {
  it.each(cases)('agrees with the zod schema: %s', (_name, request) => {
    const expected = viaZod(request);
    const actual = viaValidate(request);
    expect(actual).toEqual(expected);
  });

  it('returns a copy, never the caller’s object', () => {
    const request: ChatRequest = { messages: [user], temperature: 0.5 };
    const valid = validateChatRequest(request);
    expect(valid).toEqual(request);
    expect(valid).not.toBe(request);
  });

  it('names every bad field of a request in one error', () => {
    const error = viaValidate({ messages: [], temperature: 9 });
    expect(error.ok).toBe(false);
    expect(!error.ok && error.message).toMatch(/messages.*temperature|temperature.*messages/);
  });
});

describe('toTransportRequest', () => {
  it('sends a strict tool with every object closed (additionalProperties: false), a plain one as it is', () => {
    const parameters = z.object({ city: z.string(), where: z.object({ lat: z.number(), lon: z.number() }) });
    const request = validateChatRequest({
      messages: [user],
      tools: [
        { name: 'strict_tool', parameters, strict: true },
        { name: 'loose_tool', parameters },
      ],
    });
    const [strict, loose] = toTransportRequest(request).tools!;
    expect(strict!.strict).toBe(true);
    expect(strict!.parameters).toMatchObject({ additionalProperties: false, properties: { where: { additionalProperties: false } } });
    expect(loose!.parameters.additionalProperties).toBeUndefined();
  });
});
