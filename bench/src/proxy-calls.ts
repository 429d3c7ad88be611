import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { STREAM_CHUNKS } from './fake-server-protocol.js';

const PROMPT = 'Say hello in a few words.';

/** One way to reach the fake upstream with the official openai SDK: directly or through a gateway. */
export interface CallPath {
  name: string;
  /** The model name this path takes (`openai:gpt-4o-mini` through llm-gateway). */
  model: string;
  client: OpenAI;
}

export function callPath(name: string, target: { baseUrl: string; apiKey: string; headers?: Record<string, string> }, model: string): CallPath {
  // No retries: a failed call must show, not be hidden by a second attempt.
  return { name, model, client: new OpenAI({ baseURL: target.baseUrl, apiKey: target.apiKey, maxRetries: 0, defaultHeaders: target.headers ?? {} }) };
}

/** One non-streaming call; its wall time in ms. Throws when the reply has no text. */
export async function jsonCall(path: CallPath): Promise<number> {
  const started = performance.now();
  const reply = await path.client.chat.completions.create({ model: path.model, messages: [{ role: 'user', content: PROMPT }] });
  const ms = performance.now() - started;
  if (!reply.choices[0]?.message.content) throw new Error(`${path.name}: the reply has no text`);
  return ms;
}

export interface StreamTiming {
  /** From sending the request to the first content delta. */
  firstChunkMs: number;
  totalMs: number;
}

/** One stream read to its end; throws unless it delivered exactly the scenario's 200 content chunks. */
export async function streamCall(path: CallPath): Promise<StreamTiming> {
  const started = performance.now();
  const stream = await path.client.chat.completions.create({
    model: path.model,
    messages: [{ role: 'user', content: PROMPT }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let first: number | undefined;
  let chunks = 0;
  for await (const chunk of stream) {
    if (!chunk.choices[0]?.delta.content) continue;
    first ??= performance.now() - started;
    chunks++;
  }
  if (chunks !== STREAM_CHUNKS || first === undefined) throw new Error(`${path.name}: the stream delivered ${chunks} content chunks, not ${STREAM_CHUNKS}`);
  return { firstChunkMs: first, totalMs: performance.now() - started };
}

/** A stream left once its first content chunk came (the SDK aborts the request); the time to that chunk in ms. */
export async function firstChunkCall(path: CallPath): Promise<number> {
  const started = performance.now();
  const stream = await path.client.chat.completions.create({ model: path.model, messages: [{ role: 'user', content: PROMPT }], stream: true });
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta.content) return performance.now() - started;
  }
  throw new Error(`${path.name}: the stream ended without content`);
}

/**
 * Runs `call` for each path in blocks of `perBlock`, rotating the order every round (so drift in
 * machine load falls on all paths alike), after `warmup` calls each; returns every measured value
 * per path, in the paths' order.
 */
export async function interleaveCalls<T>(paths: readonly CallPath[], call: (path: CallPath) => Promise<T>, counts: { warmup: number; rounds: number; perBlock: number }): Promise<T[][]> {
  for (const path of paths) for (let i = 0; i < counts.warmup; i++) await call(path);
  const values: T[][] = paths.map(() => []);
  for (let r = 0; r < counts.rounds; r++) {
    for (let k = 0; k < paths.length; k++) {
      const index = (k + r) % paths.length;
      for (let i = 0; i < counts.perBlock; i++) values[index]!.push(await call(paths[index]!));
    }
  }
  return values;
}
