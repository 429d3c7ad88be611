import { describe, expect, it } from 'vitest';
import { toAssistantMessage } from './assistant-message.js';
import { createChatModel } from './chat-model-factory.js';
import { fakeTransport } from './fake-transport.test-util.js';

describe('toAssistantMessage', () => {
  it('puts back the text and tool calls, and the reasoning blocks only when the vendor gave some', async () => {
    const plain = await createChatModel(fakeTransport({ text: 'hi' })).chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(toAssistantMessage(plain)).toEqual({ role: 'assistant', content: 'hi' });
    const parts = [{ type: 'reasoning' as const, text: 't', signature: 's' }];
    const withParts = { ...plain, text: '', toolCalls: [{ id: 'c', name: 'f', arguments: {} }], reasoningParts: parts };
    expect(toAssistantMessage(withParts)).toEqual({ role: 'assistant', content: null, toolCalls: withParts.toolCalls, reasoning: parts });
  });

  it('a stream’s finish response carries the reasoning blocks a transport gave in its metadata', async () => {
    const t = fakeTransport({ text: 'ok' });
    const parts = [{ type: 'redacted-reasoning' as const, data: 'opaque' }];
    const model = createChatModel({
      ...t,
      async *doStream(request, options) {
        for await (const part of t.doStream(request, options)) {
          if (part.type === 'finish') yield { type: 'metadata' as const, reasoningParts: parts };
          yield part;
        }
      },
    });
    const r = await model.streamChat({ messages: [{ role: 'user', content: 'x' }] }).response;
    expect(r.reasoningParts).toEqual(parts);
  });
});
