import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vendorFetch, vendorSend, type ChatModel, type SendWhole } from '@llm/core';
import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import { expectLLMError } from '@llm/mocks/conformance';
import type { ChatRequest } from '@llm/schema';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAICompatibleChatModel } from './openai-compatible-transport.js';
import { createOpenAISdkClient } from './openai-provider.js';
import { OpenAIDirectRequest } from './openai-direct-request.js';

const REQUEST: ChatRequest = { messages: [{ role: 'user', content: 'Hi' }], maxTokens: 20 };

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(() => server.close());

/**
 * The same client twice: through the SDK's pipeline, and sent directly as the provider sends
 * (core's `vendorSend`: streams with its fetch, calls read whole), each send counted.
 */
function models(settings: { timeoutMs?: number; headers?: Record<string, string>; baseUrl?: string } = {}): { sdk: ChatModel; direct: ChatModel; directSends: () => number; wholeSends: () => number } {
  const send = vendorSend({}, 'openai');
  const client = createOpenAISdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl, ...settings }, 'openai', send.fetch);
  let sends = 0;
  let wholes = 0;
  const counted: typeof fetch = (input, init) => {
    sends++;
    return send.fetch(input, init);
  };
  const countedWhole: SendWhole = (url, init) => {
    sends++;
    wholes++;
    return send.whole(url, init);
  };
  return {
    sdk: createOpenAICompatibleChatModel({ provider: 'openai', client, modelId: 'gpt-4o-mini' }),
    direct: createOpenAICompatibleChatModel({ provider: 'openai', client, modelId: 'gpt-4o-mini', directFetch: counted, directWhole: countedWhole }),
    directSends: () => sends,
    wholeSends: () => wholes,
  };
}

interface Sent {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function streamText(model: ChatModel, options: Sent = {}): Promise<string> {
  const stream = model.streamChat(REQUEST, options);
  let out = '';
  for await (const event of stream) if (event.type === 'text-delta') out += event.text;
  return out;
}

async function callText(model: ChatModel, options: Sent = {}): Promise<string> {
  return (await model.chat(REQUEST, options)).text;
}

/** Both kinds of request the transport sends directly: each test runs for a stream and for a (non-streaming) call. */
const KINDS = [
  ['stream', streamText],
  ['call', callText],
] as const;

/** What the fake server saw of the last request: method and path, every header, the body. */
function lastSent() {
  const { path, headers, body } = server.lastRequest();
  return { path, headers, body };
}

describe.each(KINDS)('a %s sent directly (directFetch) is the request the SDK sends', (kind, text) => {
  it('the same path, headers (key, user agent, x-stainless-*, default headers) and body, and the same reply', async () => {
    const { sdk, direct, directSends } = models({ headers: { 'x-team': 'blue' } });
    server.enqueue({ kind: 'text', text: 'Hello there' }, { kind: 'text', text: 'Hello there' });
    expect(await text(sdk)).toBe('Hello there');
    const viaSdk = lastSent();
    expect(directSends()).toBe(0);
    expect(await text(direct)).toBe('Hello there');
    expect(directSends()).toBe(1);
    expect(lastSent()).toEqual(viaSdk);
    expect(viaSdk.headers['x-team']).toBe('blue');
    expect(viaSdk.headers['x-stainless-retry-count']).toBe('0');
  });

  it('a call with headers of its own has them merged as the SDK merges them (case-insensitive, the call last)', async () => {
    const { sdk, direct, directSends } = models({ headers: { 'X-Team': 'blue' } });
    const headers = { 'x-team': 'red', 'X-Trace': 't-1' };
    server.enqueue({ kind: 'text', text: 'a' }, { kind: 'text', text: 'a' });
    await text(sdk, { headers });
    const viaSdk = lastSent();
    await text(direct, { headers });
    expect(directSends()).toBe(1);
    expect(lastSent()).toEqual(viaSdk);
    expect(viaSdk.headers['x-team']).toBe('red');
    expect(viaSdk.headers['x-trace']).toBe('t-1');
  });

  it.each([
    ['rate_limited', 7],
    ['provider_error', undefined],
    ['authentication', undefined],
    ['context_length_exceeded', undefined],
  ] as const)('a %s reply fails the same way as through the SDK (code, status, message, retry hint)', async (kind, retryAfterSeconds) => {
    const { sdk, direct, directSends } = models();
    const scenario = { kind: 'error' as const, error: kind, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
    server.enqueue(scenario, scenario);
    const viaSdk = await expectLLMError(text(sdk));
    const sent = await expectLLMError(text(direct));
    expect(directSends()).toBe(1);
    expect(sent.code).toBe(viaSdk.code);
    expect(sent.status).toBe(viaSdk.status);
    expect(sent.message).toBe(viaSdk.message);
    expect(sent.retryAfterMs).toBe(viaSdk.retryAfterMs);
    expect(sent.rawText).toBe(viaSdk.rawText);
  });

  it('the client timeout until the headers: a timeout, as through the SDK, and the request closed', async () => {
    const { sdk, direct, directSends } = models({ timeoutMs: 100 });
    const late = { kind: 'text' as const, text: 'late', fault: { kind: 'slow-first-byte' as const, delayMs: 2000 } };
    server.enqueue(late, late);
    const aborts = server.abortedRequests;
    const viaSdk = await expectLLMError(text(sdk));
    const sent = await expectLLMError(text(direct));
    expect(directSends()).toBe(1);
    expect(viaSdk.code).toBe('timeout');
    expect(sent.code).toBe(viaSdk.code);
    expect(sent.message).toBe(viaSdk.message);
    await expect.poll(() => server.abortedRequests).toBe(aborts + 2);
  });

  it.each([
    ['cut mid-body', { kind: 'cut', afterChunks: 2 }],
    ['not JSON', { kind: 'malformed-json' }],
  ] as const)('a reply %s fails the same way as through the SDK', async (_, fault) => {
    const { sdk, direct, directSends } = models();
    const scenario = { kind: 'text' as const, text: 'one two three four', fault };
    server.enqueue(scenario, scenario);
    const viaSdk = await expectLLMError(text(sdk));
    const sent = await expectLLMError(text(direct));
    expect(directSends()).toBe(1);
    expect(sent.code).toBe(viaSdk.code);
    expect(sent.message).toBe(viaSdk.message);
  });

  it('an abort while waiting for the reply: canceled, as through the SDK, and the request closed', async () => {
    const { sdk, direct, directSends } = models();
    const late = { kind: 'text' as const, text: 'late', fault: { kind: 'slow-first-byte' as const, delayMs: 2000 } };
    const aborted = async (model: ChatModel) => {
      const controller = new AbortController();
      const before = server.requests.length;
      const pending = text(model, { signal: controller.signal });
      await expect.poll(() => server.requests.length).toBe(before + 1);
      controller.abort();
      return expectLLMError(pending);
    };
    server.enqueue(late, late);
    const aborts = server.abortedRequests;
    const viaSdk = await aborted(sdk);
    const sent = await aborted(direct);
    expect(directSends()).toBe(1);
    expect(viaSdk.code).toBe('canceled');
    expect(sent.code).toBe(viaSdk.code);
    await expect.poll(() => server.abortedRequests).toBe(aborts + 2);
  });

  if (kind === 'stream')
    it('the timeout does not cover the body (as in the SDK): a slow stream after its headers is read to its end', async () => {
      const { direct } = models({ timeoutMs: 300 });
      server.enqueue({ kind: 'text', text: 'one two three four five six', chunks: 6, fault: { kind: 'slow-chunks', delayMs: 100 } });
      expect(await text(direct)).toBe('one two three four five six');
    });
});

describe('the direct request', () => {
  it('reads a call whole (directWhole) and opens a stream with directFetch', async () => {
    const { direct, directSends, wholeSends } = models();
    server.enqueue({ kind: 'text', text: 'one' }, { kind: 'text', text: 'two' });
    expect(await callText(direct)).toBe('one');
    expect([directSends(), wholeSends()]).toEqual([1, 1]);
    expect(await streamText(direct)).toBe('two');
    expect([directSends(), wholeSends()]).toEqual([2, 1]);
  });

  it('without directWhole, a call is read through directFetch', async () => {
    const send = vendorFetch({}, 'openai');
    const client = createOpenAISdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }, 'openai', send);
    let sends = 0;
    const direct = createOpenAICompatibleChatModel({ provider: 'openai', client, modelId: 'gpt-4o-mini', directFetch: (input, init) => {
        sends++;
        return send(input, init);
      },
    });
    server.enqueue({ kind: 'text', text: 'one' });
    expect(await callText(direct)).toBe('one');
    expect(sends).toBe(1);
  });

  it('the client timeout covers a call\'s body too: a body that stalls after its headers is a timeout, and the request closed', async () => {
    let closed = 0;
    const stalling = createServer((req, res) => {
      req.resume();
      res.on('close', () => closed++);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-1",'); // and nothing more
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    try {
      const { direct } = models({ timeoutMs: 150, baseUrl: `http://127.0.0.1:${(stalling.address() as AddressInfo).port}/v1` });
      const error = await expectLLMError(callText(direct));
      expect(error.code).toBe('timeout');
      await expect.poll(() => closed).toBe(1);
    } finally {
      stalling.closeAllConnections();
      await new Promise((resolve) => stalling.close(resolve));
    }
  });

  it('leaves no listener on a signal shared by many calls, whether they succeed or fail', async () => {
    const { direct } = models();
    const shared = new AbortController().signal;
    for (let i = 0; i < 3; i++) expect(await callText(direct, { signal: shared })).not.toBe('');
    const scenario = { kind: 'error' as const, error: 'provider_error' as const };
    server.enqueue(scenario);
    await expectLLMError(callText(direct, { signal: shared }));
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
  });

  it('an abort before the request is sent: the SDK\'s abort error, and nothing sent', async () => {
    const client = createOpenAISdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }, 'openai', vendorFetch({}, 'openai'));
    let sends = 0;
    const request = new OpenAIDirectRequest(client, () => {
      sends++;
      return Promise.reject(new Error('unreachable'));
    });
    const controller = new AbortController();
    controller.abort();
    await expect(request.open({ model: 'gpt-4o-mini', messages: [] }, controller.signal, undefined)).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(sends).toBe(0);
  });

  it('a connection that fails is the SDK\'s connection error, with the cause', async () => {
    const client = createOpenAISdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }, 'openai', vendorFetch({}, 'openai'));
    const refused = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    const request = new OpenAIDirectRequest(client, () => Promise.reject(refused));
    const error: unknown = await request.open({ model: 'gpt-4o-mini', messages: [] }, undefined, undefined).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error).not.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect((error as { cause?: unknown }).cause).toBe(refused);
  });

  it('a client with retries of its own keeps the SDK pipeline (its retries would be lost)', () => {
    const send = vendorFetch({}, 'openai');
    const client = createOpenAISdkClient({ apiKey: server.apiKey, baseUrl: server.baseUrl }, 'openai', send);
    expect(OpenAIDirectRequest.suits(client)).toBe(true);
    expect(OpenAIDirectRequest.suits(client.withOptions({ maxRetries: 2 }))).toBe(false);
  });

  it('a client whose requests carry an idempotency key (a key per request) keeps the SDK pipeline', () => {
    class Idempotent extends OpenAI {
      protected override idempotencyHeader = 'Idempotency-Key';
    }
    const client = new Idempotent({ apiKey: server.apiKey, baseURL: server.baseUrl, maxRetries: 0 });
    expect(OpenAIDirectRequest.suits(client)).toBe(false);
  });
});
