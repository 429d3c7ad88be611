import type { IncomingMessage } from 'node:http';
import { gatewayError } from './gateway-error.js';

function tooLarge(limit: number) {
  return gatewayError('invalid_request', `the request body is larger than the gateway's limit of ${limit} bytes (server.maxBodySize)`, { status: 413 });
}

/** Reads a JSON request body of at most `limit` bytes: 413 beyond it (checked before reading when the length is declared), 400 when it is not JSON. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  if (text.trim() === '') throw gatewayError('invalid_request', 'the request has no body; send a JSON object', { details: { fields: ['(root): missing body'] } });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw gatewayError('invalid_request', `the request body is not valid JSON: ${(err as Error).message}`, { details: { fields: [`(root): ${(err as Error).message}`] } });
  }
}
