import { LLMError, type LLMErrorCode } from '@llm/errors';
import { type ChatModel, createChatModel, type TransportCallOptions, type TransportStreamPart } from '../model/index.js';
import type { Clock } from './backoff-clock.js';

/** One scripted reply of the resilience tests' transport (core cannot use @llm/mocks, which depends on core). */
export type Step =
  | { error: LLMErrorCode; retryAfterMs?: number; message?: string }
  | {
      text?: string;
      /** Stream chunks (default: the text as one chunk). */
      chunks?: string[];
      /** Wait before answering / before the first chunk. */
      delayMs?: number;
      /** Wait between stream chunks. */
      chunkDelayMs?: number;
      /** Fail the stream with this code after `failAfterChunks` chunks. */
      failAfterChunks?: number;
      failWith?: LLMErrorCode;
    };

export interface ScriptedModel {
  model: ChatModel;
  /** Calls the transport received. */
  readonly calls: number;
  /** Signals the transport was given, in order. */
  readonly signals: Array<AbortSignal | undefined>;
  push(...steps: Step[]): void;
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
  });
}

/** A real core ChatModel over a transport that plays `steps` in order (then answers "ok"). */
export function scriptedModel(steps: Step[] = [], provider = 'test', modelId = 'test-model'): ScriptedModel {
  const queue = [...steps];
  const signals: Array<AbortSignal | undefined> = [];
  let calls = 0;
  const next = (options: TransportCallOptions): Step => {
    calls += 1;
    signals.push(options.signal);
    return queue.shift() ?? { text: 'ok' };
  };
  const fail = (step: { error: LLMErrorCode; retryAfterMs?: number; message?: string }) =>
    new LLMError({ code: step.error, message: step.message ?? `scripted ${step.error}`, provider, model: modelId, retryAfterMs: step.retryAfterMs });
  const usage = { inputTokens: 2, outputTokens: 3, totalTokens: 5 };
  const model = createChatModel({
    provider,
    modelId,
    async doChat(_request, options) {
      const step = next(options);
      if ('error' in step) throw fail(step);
      if (step.delayMs) await wait(step.delayMs, options.signal);
      return { id: `r${calls}`, model: modelId, text: step.text ?? 'ok', toolCalls: [], finishReason: 'stop', usage };
    },
    async *doStream(_request, options): AsyncGenerator<TransportStreamPart> {
      const step = next(options);
      if ('error' in step) throw fail(step);
      if (step.delayMs) await wait(step.delayMs, options.signal);
      yield { type: 'metadata', id: `r${calls}`, model: modelId };
      const chunks = step.chunks ?? [step.text ?? 'ok'];
      for (let i = 0; i < chunks.length; i++) {
        if (step.failAfterChunks === i) throw fail({ error: step.failWith ?? 'network' });
        if (i > 0 && step.chunkDelayMs) await wait(step.chunkDelayMs, options.signal);
        yield { type: 'text-delta', text: chunks[i]! };
      }
      yield { type: 'usage', usage };
      yield { type: 'finish', finishReason: 'stop' };
    },
  });
  return {
    model,
    get calls() {
      return calls;
    },
    signals,
    push: (...more) => void queue.push(...more),
  };
}

/** A virtual clock: `sleep` advances time at once and records each wait. */
export function virtualClock(start = 1_000_000): Clock & { waits: number[]; advance(ms: number): void } {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(new LLMError({ code: 'canceled', message: 'canceled while waiting' }));
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}
