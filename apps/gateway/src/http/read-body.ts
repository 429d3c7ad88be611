import type { IncomingMessage } from 'node:http';
import { gatewayError } from './gateway-error.js';

function tooLarge(limit: number) {
  return gatewayError('invalid_request', `the request body is larger than the gateway's limit of ${limit} bytes (server.maxBodySize)`, { status: 413 });
}

function parseJson(chunks: readonly Buffer[], size: number): unknown {
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  if (text.trim() === '') throw gatewayError('invalid_request', 'the request has no body; send a JSON object', { details: { fields: ['(root): missing body'] } });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw gatewayError('invalid_request', `the request body is not valid JSON: ${(err as Error).message}`, { details: { fields: [`(root): ${(err as Error).message}`] } });
  }
}

/**
 * Reads a JSON request body of at most `limit` bytes: 413 beyond it (checked before reading when
 * the length is declared), 400 when it is not JSON. The chunks are taken as the stream emits
 * them (fewer turns than an async iterator); a request cut before its end rejects.
 */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: unknown, value?: unknown) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error === undefined) resolve(value);
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle(tooLarge(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      try {
        settle(undefined, parseJson(chunks, size));
      } catch (err) {
        settle(err);
      }
    };
    const onError = (err: Error) => settle(err);
    const onClose = () => settle(new Error('the request was cut before its body ended'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
