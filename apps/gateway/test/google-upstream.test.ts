import { startFakeGoogleServer, type FakeServer } from '@llm/mocks';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from './gateway-process.js';

/**
 * A Gemini upstream (the @google/genai SDK, on the gateway's node:http fetch) behind the OpenAI
 * wire format: a reply and a stream arrive whole, and the vendor got the key and the model.
 */
describe('the gateway in front of Gemini', () => {
  let google: FakeServer;
  let gateway: GatewayProcess;
  let client: OpenAI;

  beforeAll(async () => {
    google = await startFakeGoogleServer();
    gateway = await startGatewayProcess({
      env: { GEMINI_API_KEY: google.apiKey, GEMINI_BASE_URL: google.baseUrl },
      config: `
providers:
  google: {}
defaults:
  retry: { maxRetries: 0 }
models:
  gemini: google:gemini-2.5-flash
`,
    });
    client = new OpenAI({ apiKey: 'not-checked-on-loopback', baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await gateway?.stop();
    await google?.close();
  });
  beforeEach(() => google.reset());

  it('answers a chat', async () => {
    google.enqueue({ kind: 'text', text: 'Bonjour.', usage: { inputTokens: 12, outputTokens: 3 } });
    const reply = await client.chat.completions.create({ model: 'gemini', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices[0]?.message.content).toBe('Bonjour.');
    expect(reply.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 3 });
    expect(google.requests).toHaveLength(1);
    expect(google.lastRequest()).toMatchObject({ model: 'gemini-2.5-flash', stream: false, apiKey: google.apiKey });
  });

  it('streams a reply to its end, every chunk in order', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `w${i} `).join('');
    google.enqueue({ kind: 'text', text, chunks: 40 });
    const stream = await client.chat.completions.create({ model: 'gemini', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    let got = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      got += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(got).toBe(text);
    expect(finish).toBe('stop');
    expect(google.lastRequest()).toMatchObject({ model: 'gemini-2.5-flash', stream: true });
  });
});
