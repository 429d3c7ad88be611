import { estimateTokens } from '@llm/core';
import type { FakeServer, Scenario } from '@llm/mocks';
import type { ChatRequest, Message } from '@llm/schema';
import { PROVIDERS, type ProviderName } from '../providers/provider-registry.js';
import { sampleFromSchema } from './sample-json.js';

/**
 * The built-in mock: the vendor's fake server from @llm/mocks on 127.0.0.1, reached by the real
 * vendor SDK through the same client stack as a real call. Each call is scripted just before it is
 * sent: a canned answer quoting the prompt (or, for structured output, a value that fits the
 * schema), with token counts estimated from the text, cut at `maxTokens` like a real model.
 */
export interface MockBackend {
  readonly server: FakeServer;
  /** Scripts the answer to this request; call it right before sending the request. */
  prepare(request: ChatRequest<unknown>): void;
  close(): Promise<void>;
}

export async function startMockBackend(provider: ProviderName): Promise<MockBackend> {
  const server = await PROVIDERS[provider].startFake();
  return {
    server,
    prepare: (request) => {
      // One answer per call: an answer left over from a call another model served is dropped.
      server.reset();
      server.enqueue(mockScenario(provider, request));
    },
    close: () => server.close(),
  };
}

function textOf(message: Message | undefined): string {
  if (!message) return '';
  const { content } = message;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join(' ');
  return content === null || content === undefined ? '' : JSON.stringify(content);
}

function quote(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The mock's answer to a request. */
export function mockAnswer(provider: ProviderName, request: ChatRequest<unknown>): string {
  const format = request.responseFormat;
  if (format?.type === 'json_schema') return JSON.stringify(sampleFromSchema(format.schema));
  if (format?.type === 'json') return JSON.stringify({ answer: 'example' });
  const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
  const key = PROVIDERS[provider].keyVariables[0];
  return `Hello! This is the built-in mock model, so nothing was sent to ${PROVIDERS[provider].label}. You wrote: "${quote(textOf(lastUser))}". Set ${key} for a real answer.`;
}

export function mockScenario(provider: ProviderName, request: ChatRequest<unknown>): Scenario {
  const answer = mockAnswer(provider, request);
  const inputTokens = request.messages.reduce((sum, m) => sum + estimateTokens(textOf(m)) + 3, 3);
  const words = answer.match(/\S+\s*/g) ?? [answer];
  const limit = request.maxTokens;
  // Like a real model, stop at the token limit and say so.
  if (limit !== undefined && estimateTokens(answer) > limit) {
    let text = '';
    for (const word of words) {
      if (estimateTokens(text + word) > limit) break;
      text += word;
    }
    return { kind: 'text', text, finishReason: 'length', usage: { inputTokens, outputTokens: limit } };
  }
  return { kind: 'text', text: answer, usage: { inputTokens, outputTokens: Math.max(1, estimateTokens(answer)) } };
}
