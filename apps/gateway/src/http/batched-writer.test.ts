import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchedWriter } from './batched-writer.js';

/** A real server whose handler writes `parts` through a BatchedWriter, one per turn of an async loop, as the chat handler does. */
async function serve(parts: string[], log: { writes: number; waits: number }, nextTurn: () => Promise<void>): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const raw = res.write.bind(res);
    res.write = ((chunk: string) => {
      log.writes++;
      return raw(chunk);
    }) as typeof res.write;
    const out = new BatchedWriter(res);
    void (async () => {
      for (const part of parts) {
        await nextTurn();
        out.write(part);
        const wait = out.ready();
        if (wait) {
          log.waits++;
          await wait;
        }
      }
      out.end('end');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function get(server: Server, onResponse: (res: IncomingMessage) => void): void {
  const { port } = server.address() as AddressInfo;
  request({ host: '127.0.0.1', port, path: '/' }, onResponse).end();
}

describe('BatchedWriter', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends what one turn produces as one write, in order, ending with the last text', async () => {
    const log = { writes: 0, waits: 0 };
    const parts = Array.from({ length: 200 }, (_, i) => `data: ${i}\n\n`);
    // Parts that are ready at once, as the events parsed from one upstream read are.
    server = await serve(parts, log, () => Promise.resolve());
    const body = await new Promise<string>((resolve) =>
      get(server!, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve(text));
      }),
    );
    expect(body).toBe(parts.join('') + 'end');
    expect(log.writes).toBeLessThanOrEqual(1);
    expect(log.waits).toBe(0);
  });

  it('waits for a slow client (even when the socket drains before the writer is asked) and loses nothing', async () => {
    const log = { writes: 0, waits: 0 };
    const parts = Array.from({ length: 64 }, (_, i) => `${String(i).padStart(4, '0')}${'x'.repeat(64 * 1024)}`);
    // One part per turn of the event loop, as upstream reads come.
    server = await serve(parts, log, () => new Promise((resolve) => setImmediate(resolve)));
    const body = await new Promise<string>((resolve) =>
      get(server!, (res) => {
        // Reads in small steps, pausing between them: the server's buffer fills.
        let text = '';
        res.setEncoding('utf8');
        res.pause();
        const step = () => {
          let chunk: string | null;
          while ((chunk = res.read(16 * 1024) as string | null) !== null) text += chunk;
          if (res.readableEnded) return;
          setTimeout(step, 1);
        };
        res.on('end', () => resolve(text + (res.read() ?? '')));
        res.on('readable', () => undefined);
        step();
      }),
    );
    expect(body).toBe(parts.join('') + 'end');
    expect(log.waits).toBeGreaterThan(0);
  }, 30_000);
});
