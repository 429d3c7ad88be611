import { describe, expect, it } from 'vitest';
import { createChatModel, type ChatTransport } from '../model/index.js';
import { countStreamTokens } from './token-counter-stream.js';
import { createEstimateTokenCounter, createLocalTokenCounter, estimateTokens } from './token-counter.js';

// What each kind of text and message counts for: every class of the estimate, every role and
// part of a message, and the stream counter's tool-call and reasoning deltas.

/** Counts one token per character, so each message's texts can be read off the totals. */
const chars = createLocalTokenCounter({ name: 'chars', exact: true, countText: (t) => t.length, framing: { perRequest: 0, perMessage: 0, perName: 100, perImage: 1000 } });

describe('estimateTokens by class of text', () => {
  it.each([
    ['Han characters, 0.7 each', '汉字汉字汉字汉字汉字', 7],
    ['kana, 0.9 each', 'ひらがなカタカナ', 7],
    ['Hangul syllables, 0.95 each', '한국어입니다', 6],
    ['emoji, 2 each', '😀😀😀', 6],
    ['English words, 6 letters a token', 'internationalization', 3],
    ['Greek, Arabic and Hebrew, 1.8 characters a token', 'καλημέρα', 4],
    ['Indic scripts, 2.6 characters a token', 'नमस्ते', 2],
    ['other letters, 3.4 characters a token', 'Übermäßig', 3],
    ['digits, 3 a token', '1234567', 3],
    ['a newline, 1; a run of spaces, 0.5; a single space, 0', 'a\nb  c d  e', 7],
    ['punctuation runs, 2 characters a token', '!!!!', 2],
  ])('%s', (_what, text, tokens) => {
    expect(estimateTokens(text)).toBe(tokens);
  });

  it('the estimate counter takes a name, framing and cache size', async () => {
    const counter = createEstimateTokenCounter({ name: 'mine', framing: { perRequest: 0, perMessage: 0 }, cacheSize: 1 });
    expect(counter).toMatchObject({ name: 'mine', exact: false });
    expect(await counter.countRequest({ messages: [{ role: 'system', content: 'hello' }] })).toEqual({ tokens: estimateTokens('system') + estimateTokens('hello'), source: 'estimate' });
    expect(createEstimateTokenCounter().name).toBe('estimate');
  });
});

describe('createLocalTokenCounter: what each message contributes', () => {
  const count = async (message: Parameters<typeof chars.countRequest>[0]['messages'][number]) => (await chars.countRequest({ messages: [message] })).tokens;

  it('a user message: its role, its name (plus the name framing), its text parts and its images', async () => {
    expect(await count({ role: 'user', content: 'hello' })).toBe('user'.length + 5);
    expect(await count({ role: 'user', content: 'hello', name: 'bo' })).toBe('user'.length + 2 + 100 + 5);
    expect(
      await count({
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image', url: 'https://example.test/cat.png' },
          { type: 'text', text: 'here' },
        ],
      }),
    ).toBe('user'.length + 4 + 1000 + 4);
  });

  it('an assistant turn: its text and each tool call by name and arguments', async () => {
    expect(await count({ role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'f', arguments: { a: 1 } }] })).toBe('assistant'.length + 1 + '{"a":1}'.length);
    expect(await count({ role: 'assistant', content: 'ok' })).toBe('assistant'.length + 2);
  });

  it('a tool result: its text, or its JSON', async () => {
    expect(await count({ role: 'tool', toolCallId: 'c1', content: 'sunny' })).toBe('tool'.length + 5);
    expect(await count({ role: 'tool', toolCallId: 'c1', content: { t: 3 } })).toBe('tool'.length + '{"t":3}'.length);
  });
});

describe('countStreamTokens: every kind of delta', () => {
  it('counts reasoning and tool-call deltas (with the name once), then the finish figure when no usage came', async () => {
    const transport: ChatTransport = {
      provider: 'fake',
      modelId: 'fake-model',
      async doChat() {
        throw new Error('not used');
      },
      async *doStream() {
        yield { type: 'reasoning-delta', text: 'abc' };
        yield { type: 'tool-call-delta', index: 0, id: 'c1', name: 'fn', argumentsDelta: '{"a"' };
        yield { type: 'tool-call-delta', index: 0, argumentsDelta: ':1}' };
        yield { type: 'finish', finishReason: 'tool_calls' };
      },
    };
    const counted = countStreamTokens(createChatModel(transport).streamChat({ messages: [{ role: 'user', content: 'x' }] }), { countText: (t) => t.length });
    const running: number[] = [];
    for await (const event of counted.stream) if (event.type.endsWith('-delta')) running.push(counted.outputTokens);
    expect(running).toEqual([3, 3 + 4 + 2, 3 + 4 + 2 + 3]);
    // No usage part: the response reports zeros, and that is the final figure.
    expect(counted.outputTokens).toBe(0);
    expect(counted.final).toBe(true);
  });
});
