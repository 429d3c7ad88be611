import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readJsonBody } from './read-body.js';

interface Seen {
  complete: boolean;
  body?: unknown;
  error?: string;
  status?: number;
}

let server: Server;
let port: number;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    await Promise.resolve(); // as in the gateway: the body is read after an await (the key check)
    const entry: Seen = { complete: req.complete };
    seen.push(entry);
    try {
      entry.body = await readJsonBody(req, 64);
    } catch (err) {
      entry.error = (err as Error).message;
      entry.status = (err as { status?: number }).status;
    }
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends raw HTTP/1.1 pieces, `gapMs` apart, and waits for the reply. */
function send(pieces: string[], gapMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', reject);
    socket.on('data', () => {
      socket.end();
      resolve();
    });
    socket.on('connect', async () => {
      for (const [i, piece] of pieces.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        socket.write(piece);
      }
    });
  });
}

const head = (length?: number) =>
  `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${length === undefined ? 'transfer-encoding: chunked' : `content-length: ${length}`}\r\n\r\n`;
const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;

describe('readJsonBody', () => {
  it('reads a body that came with its headers and one that comes in pieces later, by length or chunked', async () => {
    const body = '{"model":"m","n":[1,2,3]}';
    await send([head(body.length) + body], 0);
    await send([head(body.length), body.slice(0, 10), body.slice(10)], 30);
    await send([head(), chunk(body.slice(0, 5)), chunk(body.slice(5)) + '0\r\n\r\n'], 30);
        for (const s of seen) expect(s.body).toEqual({ model: 'm', n: [1, 2, 3] });
    seen.length = 0;
  });

  it('refuses a body over the limit without a declared length, all at once or in pieces', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(100) });
    await send([head() + chunk(big.slice(0, 40)) + chunk(big.slice(40)) + '0\r\n\r\n'], 0);
    await send([head(), chunk(big.slice(0, 40)), chunk(big.slice(40)) + '0\r\n\r\n'], 30);
        for (const s of seen) {
      expect(s.error).toMatch(/larger than the gateway's limit of 64 bytes/);
      expect(s.status).toBe(413);
    }
    seen.length = 0;
  });

  it('names an empty body and bad JSON', async () => {
    await send([head(0)], 0);
    await send([head(5) + '{"a":'], 0);
    expect(seen[0]!.error).toMatch(/no body/);
    expect(seen[1]!.error).toMatch(/not valid JSON/);
    seen.length = 0;
  });

  it('rejects when the client goes away before the body ended (never hangs)', async () => {
    const socket = connect(port, '127.0.0.1');
    await new Promise((r) => socket.on('connect', r));
    socket.write(head(50) + '{"model":');
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 15_000 });
    socket.destroy();
    await vi.waitFor(() => expect(seen[0]!.error).toMatch(/cut before its body ended|aborted/), { timeout: 15_000 });
    seen.length = 0;
  });
});
