import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'vitest';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** How many reads the request (headers and body) took to arrive. */
  reads: number;
  remotePort: number;
}

/** A real server on 127.0.0.1 that records each request (whole body read) and answers with `reply`. */
export async function serve(reply: (seen: Seen, res: ServerResponse) => void): Promise<{ server: Server; base: string; seen: Seen[]; closed: Promise<void>[] }> {
  const seen: Seen[] = [];
  const closed: Promise<void>[] = [];
  const reads = new WeakMap<Socket, number>();
  const server = createServer((req, res) => {
    closed.push(new Promise((resolve) => res.once('close', () => resolve())));
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, reads: reads.get(req.socket) ?? 0, remotePort: req.socket.remotePort ?? 0 };
      reads.set(req.socket, 0);
      seen.push(entry);
      reply(entry, res);
    });
  });
  server.on('connection', (socket) => {
    reads.set(socket, 0);
    socket.on('data', () => reads.set(socket, (reads.get(socket) ?? 0) + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, closed };
}

/** Drops the server's open connections and waits for it to close; nothing when there is no server. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
