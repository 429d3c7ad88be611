import type { ChatModel, ClientOption } from '@llm/core';
import { createOpenAI, createOpenAIProvider, type OpenAIConfig } from '@llm/openai';
import type { ChatRequest } from '@llm/schema';
import OpenAI from 'openai';
import type { Contender } from './cpu.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';

export const MODEL = 'gpt-4o-mini';
const PROMPT = 'Say hello in a few words.';

/** The request both paths send: the same body reaches the server (ours asks for usage in streams; so does raw). */
const REQUEST: ChatRequest = { messages: [{ role: 'user', content: PROMPT }] };
const RAW_BODY = { model: MODEL, messages: [{ role: 'user' as const, content: PROMPT }] };

export type PathKind = 'raw' | 'bare' | 'client';

export const PATH_LABELS: Record<PathKind, string> = {
  raw: 'raw openai SDK',
  bare: '@llm/openai chatModel (bare)',
  client: '@llm/openai createOpenAI (default stack)',
};

export interface PathOptions {
  apiKey: string;
  baseUrl: string;
  fetch?: typeof fetch;
  /** Extra client config for the `client` path (telemetry on/off...). */
  clientConfig?: Partial<OpenAIConfig>;
  /** Client options for the `client` path (`withMetrics(...)`...). */
  clientOptions?: ClientOption[];
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`benchmark self-check failed: ${message}`);
}

/** Runs `fn`, once more if it fails: a pooled keep-alive socket the server has just closed can fail the first call after a pause. */
async function withOneRetry<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch {
    return fn();
  }
}

/** One non-streaming call per `once()`, reading the reply text as a caller would. */
export function jsonContender(kind: PathKind, options: PathOptions, label = PATH_LABELS[kind]): Contender & { verify(): Promise<void> } {
  if (kind === 'raw') {
    const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, ...(options.fetch ? { fetch: options.fetch } : {}) });
    const call = async () => (await client.chat.completions.create(RAW_BODY)).choices[0]?.message.content ?? '';
    return {
      name: label,
      once: async () => void (await call()),
      verify: async () => check((await withOneRetry(call)).length > 0, 'raw non-streaming reply has no text'),
    };
  }
  const model = ourModel(kind, options);
  const call = async () => (await model.chat(REQUEST)).text;
  return {
    name: label,
    once: async () => void (await call()),
    verify: async () => check((await withOneRetry(call)).length > 0, `${kind} non-streaming reply has no text`),
  };
}

/** One whole 200-chunk stream per `once()`, concatenating the text deltas as a caller would. */
export function streamContender(kind: PathKind, options: PathOptions, label = PATH_LABELS[kind]): Contender & { verify(): Promise<void> } {
  let run: () => Promise<{ chunks: number; text: string }>;
  if (kind === 'raw') {
    const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, ...(options.fetch ? { fetch: options.fetch } : {}) });
    run = async () => {
      const stream = await client.chat.completions.create({ ...RAW_BODY, stream: true, stream_options: { include_usage: true } });
      let text = '';
      let chunks = 0;
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta.content;
        if (content) {
          text += content;
          chunks++;
        }
      }
      return { chunks, text };
    };
  } else {
    const model = ourModel(kind, options);
    run = async () => {
      let text = '';
      let chunks = 0;
      for await (const event of model.streamChat(REQUEST)) {
        if (event.type === 'text-delta') {
          text += event.text;
          chunks++;
        }
      }
      return { chunks, text };
    };
  }
  return {
    name: label,
    once: async () => void (await run()),
    verify: async () => {
      const { chunks } = await withOneRetry(run);
      check(chunks === STREAM_CHUNKS, `${kind} stream had ${chunks} content chunks, expected ${STREAM_CHUNKS}`);
    },
  };
}

function ourModel(kind: 'bare' | 'client', options: PathOptions): ChatModel {
  const settings = { apiKey: options.apiKey, baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) };
  if (kind === 'bare') return createOpenAIProvider(settings).chatModel(MODEL);
  // The default stack: logging at 'warn' (the default level) puts the logging middleware in; usage tracking always.
  return createOpenAI({ ...settings, model: MODEL, logging: { level: 'warn' }, ...options.clientConfig }, ...(options.clientOptions ?? []));
}
