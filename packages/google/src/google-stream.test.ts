import { ServerSentEventParts, type TransportStreamPart } from '@llm/core';
import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { mapGoogleError } from './google-error.js';
import { GenerateContentSink } from './google-stream.js';

// GenerateContentSink under the stream reader, on hand-made SSE bodies (CRLF framing, as Gemini
// sends it): what the SDK's stream did for us before (in-stream errors as its ApiError, the
// citation rename) and what the reader adds (request id, usage before an error).

const ctx = { provider: 'google', model: 'gemini-2.5-flash' };
const usageMetadata = { promptTokenCount: 4, candidatesTokenCount: 3, totalTokenCount: 7 };

function frame(payload: unknown): string {
  return `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\r\n\r\n`;
}

function textChunk(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...extra }], usageMetadata, modelVersion: 'gemini-2.5-flash-001', responseId: 'resp-1' };
}

/** The reader over a body sent in the given pieces, with the reply's headers. */
function read(pieces: string[], headers: Record<string, string> = {}): ServerSentEventParts<TransportStreamPart> {
  const bytes = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(bytes.encode(piece));
      controller.close();
    },
  });
  const open = () => Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream', ...headers } }));
  return new ServerSentEventParts(open, new GenerateContentSink(ctx), (err) => mapGoogleError(err, ctx));
}

async function collect(parts: AsyncIterable<TransportStreamPart>): Promise<{ parts: TransportStreamPart[]; error: unknown }> {
  const out: TransportStreamPart[] = [];
  try {
    for await (const part of parts) out.push(part);
  } catch (error) {
    return { parts: out, error };
  }
  return { parts: out, error: undefined };
}

describe('GenerateContentSink', () => {
  it('reads text, the usage (the last wins, once) and the finish, with the reply\'s request id on the first metadata', async () => {
    const last = { ...textChunk('world', { finishReason: 'STOP' }), usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 5, totalTokenCount: 9 } };
    const { parts, error } = await collect(read([frame(textChunk('Hello ')), frame(last)], { 'x-goog-request-id': 'req-g1' }));
    expect(error).toBeUndefined();
    expect(parts).toEqual([
      { type: 'metadata', model: 'gemini-2.5-flash-001', id: 'resp-1', requestId: 'req-g1' },
      { type: 'text-delta', text: 'Hello ' },
      { type: 'text-delta', text: 'world' },
      { type: 'usage', usage: { inputTokens: 4, outputTokens: 5, totalTokens: 9 } },
      { type: 'finish', finishReason: 'stop', rawFinishReason: 'STOP' },
    ]);
  });

  it('an error chunk is the SDK\'s in-stream error, mapped as before; the usage so far comes first', async () => {
    const error = { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } };
    const { parts, error: failure } = await collect(read([frame(textChunk('Hel')), frame(error)]));
    expect(parts.map((p) => p.type)).toEqual(['metadata', 'text-delta', 'usage']);
    expect(failure).toBeInstanceOf(LLMError);
    expect(failure).toMatchObject({ code: 'overloaded', retryable: true, provider: 'google' });
    expect((failure as LLMError).message).toContain('The model is overloaded.');
  });

  it('an event that is not JSON is a malformed_response with the event as its raw text', async () => {
    const { error } = await collect(read([frame(textChunk('a')), 'data: {"candidates": [\r\n\r\n']));
    expect(error).toMatchObject({ code: 'malformed_response', rawText: '{"candidates": [' });
  });

  it('a filtered reply is content_filtered, with the finish message and the citations as the SDK names them', async () => {
    const filtered = textChunk('', {
      finishReason: 'RECITATION',
      finishMessage: 'Recited from a source.',
      citationMetadata: { citationSources: [{ startIndex: 0, endIndex: 5, uri: 'https://example.com/a' }] },
    });
    const { parts, error } = await collect(read([frame(textChunk('quote')), frame(filtered)]));
    expect(parts.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'quote' }]);
    expect(error).toMatchObject({ code: 'content_filtered', rawText: 'quote' });
    const err = error as LLMError;
    expect(err.message).toContain('finishReason RECITATION');
    expect(err.message).toContain('Recited from a source.');
    expect(err.details?.citationMetadata).toEqual({ citations: [{ startIndex: 0, endIndex: 5, uri: 'https://example.com/a' }] });
  });

  it('a stream that ends inside a call streamed in pieces reports its usage, then a malformed_response', async () => {
    const opening = { candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'getWeather', willContinue: true } }] }, index: 0 }], usageMetadata };
    const piece = { candidates: [{ content: { role: 'model', parts: [{ functionCall: { partialArgs: [{ jsonPath: '$.city', stringValue: 'Bos', willContinue: true }], willContinue: true } }] }, index: 0 }] };
    const { parts, error } = await collect(read([frame(opening), frame(piece)]));
    expect(parts.map((p) => p.type)).toEqual(['metadata', 'tool-call-delta', 'usage']);
    expect(error).toMatchObject({ code: 'malformed_response' });
    expect((error as LLMError).message).toContain('the stream ended in the middle of function call getWeather');
  });

  it('a chunk split across reads, in the middle of a character, is read whole', async () => {
    const bytes = new TextEncoder().encode(frame(textChunk('naïve café', { finishReason: 'STOP' })));
    // ï is two bytes (C3 AF): cut between them.
    const cut = bytes.findIndex((b, i) => b === 0xc3 && bytes[i + 1] === 0xaf) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const reader = new ServerSentEventParts(() => Promise.resolve(new Response(body)), new GenerateContentSink(ctx), (err) => mapGoogleError(err, ctx));
    const { parts } = await collect(reader);
    expect(cut).toBeGreaterThan(1);
    expect(parts.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'naïve café' }]);
  });
});
