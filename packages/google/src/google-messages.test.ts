import { isLLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { toFunctionResponse, toGeminiMessages } from './google-messages.js';
import { ThoughtSignatures } from './google-tool-calls.js';

describe('toGeminiMessages', () => {
  it('maps image parts: base64 and data: URLs inline, remote URLs as fileData', () => {
    const { contents } = toGeminiMessages([
      {
        role: 'user',
        content: [
          { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' },
          { type: 'image', url: 'https://example.com/cat.png', mediaType: 'image/png' },
        ],
      },
    ]);
    expect(contents[0]!.parts).toEqual([
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
      { fileData: { fileUri: 'https://example.com/cat.png', mimeType: 'image/png' } },
    ]);
  });

  it('rejects an image URL Gemini cannot read', () => {
    try {
      toGeminiMessages([{ role: 'user', content: [{ type: 'image', url: 'ftp://example.com/x.png' }] }]);
      throw new Error('expected a failure');
    } catch (err) {
      expect(isLLMError(err) && err.code).toBe('invalid_request');
    }
  });

  it('keeps an empty assistant turn in place and puts remembered thought signatures back', () => {
    const signatures = new ThoughtSignatures();
    signatures.remember('gemini_call_r1_0', 'sig-1');
    const { contents, systemInstruction } = toGeminiMessages(
      [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'let me check', toolCalls: [{ id: 'gemini_call_r1_0', name: 'lookup', arguments: { q: 'x' } }] },
        { role: 'tool', toolCallId: 'gemini_call_r1_0', content: [1, 2] },
      ],
      { signatures },
    );
    expect(systemInstruction).toBeUndefined();
    expect(contents.map((c) => c.role)).toEqual(['user', 'model', 'user', 'model', 'user']);
    expect(contents[1]!.parts).toEqual([{ text: '' }]);
    expect(contents[3]!.parts).toEqual([{ text: 'let me check' }, { functionCall: { name: 'lookup', args: { q: 'x' } }, thoughtSignature: 'sig-1' }]);
    expect(contents[4]!.parts).toEqual([{ functionResponse: { name: 'lookup', response: { output: [1, 2] } } }]);
  });
});

describe('toFunctionResponse', () => {
  it('wraps non-objects under output and errors under error', () => {
    expect(toFunctionResponse({ role: 'tool', toolCallId: 'c', content: 'text' })).toEqual({ output: 'text' });
    expect(toFunctionResponse({ role: 'tool', toolCallId: 'c', content: { a: 1 } })).toEqual({ a: 1 });
    expect(toFunctionResponse({ role: 'tool', toolCallId: 'c', content: undefined })).toEqual({ output: null });
    expect(toFunctionResponse({ role: 'tool', toolCallId: 'c', content: { reason: 'down' }, isError: true })).toEqual({ error: { reason: 'down' } });
  });
});

describe('ThoughtSignatures', () => {
  it('forgets the oldest entries beyond its capacity', () => {
    const s = new ThoughtSignatures(2);
    s.remember('a', '1');
    s.remember('b', '2');
    s.remember('c', '3');
    s.remember('d', undefined);
    expect([s.get('a'), s.get('b'), s.get('c'), s.size]).toEqual([undefined, '2', '3', 2]);
  });
});
