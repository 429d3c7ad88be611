import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { ChatModel } from '@llm/core';
import { isLLMError } from '@llm/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Recorder {
  url: string;
  seen: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that records each request's headers and answers with `answer`. */
async function recorder(answer: (path: string) => { status: number; headers: Record<string, string>; body: string }): Promise<Recorder> {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => {
      const reply = answer(req.url ?? '/');
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RedirectSafetyOptions {
  /** The provider's model with this base URL origin (the provider adds its own path), key and extra headers. */
  makeModel(origin: string, apiKey: string, headers: Record<string, string>): ChatModel;
}

const KEY = 'test-redirect-key-0123456789abcdef';
const TEAM_SECRET = 'team-secret-value-0123456789';

/**
 * A vendor origin that redirects (307, keeping the method and body) to another origin: the other
 * origin must never see the key or a secret-looking header, whatever header the vendor's SDK puts
 * the key in (`Authorization`, `x-api-key`, `x-goog-api-key`). And a vendor error that echoes the
 * key and a secret header's value shows neither, with the provider used directly (no client).
 */
export function describeRedirectSafety(options: RedirectSafetyOptions): void {
  describe('a redirect to another origin', () => {
    let elsewhere: Recorder;
    let vendor: Recorder;
    beforeAll(async () => {
      elsewhere = await recorder(() => ({ status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { message: 'nothing here', type: 'not_found_error', code: 404 } }) }));
      vendor = await recorder((path) => ({ status: 307, headers: { location: `${elsewhere.url}${path}` }, body: '' }));
    });
    afterAll(async () => {
      await vendor.close();
      await elsewhere.close();
    });

    it('carries neither the key nor a secret header', async () => {
      const model = options.makeModel(vendor.url, KEY, { 'x-team-token': TEAM_SECRET, 'x-team-name': 'blue' });
      let failure: unknown;
      try {
        await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
      } catch (err) {
        failure = err;
      }
      expect(isLLMError(failure), `expected an LLMError, got ${String(failure)}`).toBe(true);
      // The configured origin got the credentials (so the test would see them travel on)...
      expect(JSON.stringify(vendor.seen)).toContain(KEY);
      // ...the other origin got the request, and nothing secret.
      expect(elsewhere.seen.length).toBeGreaterThan(0);
      const sent = JSON.stringify(elsewhere.seen);
      expect(sent).not.toContain(KEY);
      expect(sent).not.toContain(TEAM_SECRET);
      expect(elsewhere.seen[0]!['x-team-name']).toBe('blue');
      expect(JSON.stringify(failure)).not.toContain(KEY);
    });
  });

  describe('a vendor error that echoes the credentials', () => {
    let vendor: Recorder;
    beforeAll(async () => {
      // One body every vendor's SDK reads as its error (OpenAI's, Anthropic's and Google's fields together).
      const message = `the value ${TEAM_SECRET} names no team, and ${KEY} is no key`;
      const body = JSON.stringify({ type: 'error', error: { message, type: 'invalid_request_error', code: 400, status: 'INVALID_ARGUMENT' } });
      vendor = await recorder(() => ({ status: 400, headers: { 'content-type': 'application/json' }, body }));
    });
    afterAll(() => vendor.close());

    it('is masked in everything the error shows, for a provider used without a client, chat and stream alike', async () => {
      const model = options.makeModel(vendor.url, KEY, { 'x-team-token': TEAM_SECRET });
      const failures: unknown[] = [];
      for (const streamed of [false, true]) {
        try {
          if (streamed) for await (const event of model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })) void event;
          else await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
        } catch (err) {
          failures.push(err);
        }
      }
      expect(failures).toHaveLength(2);
      for (const failure of failures) {
        expect(isLLMError(failure), `expected an LLMError, got ${String(failure)}`).toBe(true);
        // The vendor's words came through (so the test sees the echo), with the secrets masked.
        expect((failure as Error).message).toContain('names no team');
        const shown = `${JSON.stringify(failure)} ${inspect(failure, { depth: 10 })} ${(failure as Error).message}`;
        expect(shown).not.toContain(TEAM_SECRET);
        expect(shown).not.toContain(KEY);
      }
    });
  });
}
