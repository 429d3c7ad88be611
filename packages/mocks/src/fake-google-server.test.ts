import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGoogleServer } from './fake-google-server.js';
import type { FakeServer } from './fake-server.js';

describe('fake Google server wire format', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeGoogleServer();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': server.apiKey }) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('streams CRLF-framed SSE with the finish reason and full usage on the last chunk', async () => {
    server.enqueue({ kind: 'text', text: 'The capital is Paris.', chunks: 3, usage: { inputTokens: 13, outputTokens: 8 } });
    const res = await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const raw = await res.text();
    const frames = raw.split('\r\n\r\n').filter(Boolean);
    expect(frames).toHaveLength(3);
    const chunks = frames.map((f) => JSON.parse(f.replace(/^data: /, '')) as { candidates: Array<{ finishReason?: string }>; usageMetadata: Record<string, number> });
    expect(chunks.map((c) => c.candidates[0]!.finishReason)).toEqual([undefined, undefined, 'STOP']);
    expect(chunks[2]!.usageMetadata).toMatchObject({ promptTokenCount: 13, candidatesTokenCount: 8, totalTokenCount: 21 });
    expect(chunks[0]!.usageMetadata.candidatesTokenCount).toBeUndefined();
  });

  it('reads the SeenRequest from a generateContent body and accepts the key as ?key=', async () => {
    await post(
      `/v1beta/models/gemini-2.5-pro:generateContent?key=${server.apiKey}`,
      {
        contents: [
          { role: 'user', parts: [{ text: 'q' }] },
          { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { id: 'fc1', name: 'f', response: { output: 'r' } } }] },
        ],
        systemInstruction: { parts: [{ text: 'sys' }] },
        generationConfig: { maxOutputTokens: 9, temperature: 0.1, stopSequences: ['X'], responseJsonSchema: { type: 'object' } },
        tools: [{ functionDeclarations: [{ name: 'f' }, { name: 'g' }] }],
      },
      {},
    );
    expect(server.lastRequest()).toMatchObject({
      model: 'gemini-2.5-pro',
      stream: false,
      apiKey: server.apiKey,
      roles: ['user', 'model', 'user'],
      system: 'sys',
      maxTokens: 9,
      temperature: 0.1,
      stop: ['X'],
      toolNames: ['f', 'g'],
      toolResults: [{ toolCallId: 'fc1', content: 'r' }],
      responseSchema: { type: 'object' },
    });
  });

  it("answers a wrong key with Google's 400 API_KEY_INVALID and a missing key with 403", async () => {
    const wrong = await post('/v1beta/models/gemini-2.0-flash:generateContent', {}, { 'x-goog-api-key': 'nope' });
    expect(wrong.status).toBe(400);
    const body = (await wrong.json()) as { error: { status: string; details: Array<{ reason?: string }> } };
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    expect(body.error.details[0]!.reason).toBe('API_KEY_INVALID');
    const missing = await post('/v1beta/models/gemini-2.0-flash:generateContent', {}, {});
    expect(missing.status).toBe(403);
  });

  it('sends an error object inside the stream for stream-error', async () => {
    server.enqueue({ kind: 'stream-error', afterText: 'half', error: 'overloaded' });
    const res = await post('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse', { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    const frames = (await res.text()).split('\r\n\r\n').filter(Boolean);
    expect(JSON.parse(frames.at(-1)!.replace(/^data: /, ''))).toEqual({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
  });
});
