import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, StreamEvent } from '@llm/schema';
import { type CallOptions, type ChatModel, chatModelFrom, ChatStream } from '../model/index.js';

/** `weighted-random`: each call picks a model with probability proportional to its weight. `least-busy`: the model with the fewest calls in flight (ties by weight). */
export type LoadBalanceStrategy = 'weighted-random' | 'least-busy';

export interface WeightedModel {
  model: ChatModel;
  /** Relative share of the calls (default 1). */
  weight?: number;
}

export interface LoadBalancerOptions {
  strategy?: LoadBalanceStrategy;
  /** [0, 1), `Math.random` by default (tests inject one). */
  random?: () => number;
}

export interface LoadBalancedModel extends ChatModel {
  /** Calls in flight per model (`provider:model`), streams until they end. */
  inFlight(): Record<string, number>;
}

interface Member {
  model: ChatModel;
  label: string;
  weight: number;
  inFlight: number;
}

/**
 * Spreads calls over several equivalent models (the same model on several keys, regions or
 * vendors). It does not retry or fall back: put it under a fallback or retry middleware for that.
 * Its provider and model id are the first model's; each response names the model that answered.
 */
export function createLoadBalancedModel(models: ReadonlyArray<ChatModel | WeightedModel>, options: LoadBalancerOptions = {}): LoadBalancedModel {
  if (models.length === 0) throw new LLMError({ code: 'configuration', message: 'createLoadBalancedModel needs at least one model' });
  const members: Member[] = models.map((m) => {
    const model = 'model' in m ? m.model : m;
    const weight = 'model' in m ? (m.weight ?? 1) : 1;
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new LLMError({ code: 'configuration', message: `load balancer weight of ${model.provider}:${model.modelId} must be a finite number >= 0, got ${weight}` });
    }
    return { model, label: `${model.provider}:${model.modelId}`, weight, inFlight: 0 };
  });
  if (!members.some((m) => m.weight > 0)) throw new LLMError({ code: 'configuration', message: 'load balancer: at least one weight must be > 0' });
  const strategy = options.strategy ?? 'weighted-random';
  const random = options.random ?? Math.random;
  const first = members[0]!.model;

  const weighted = (candidates: readonly Member[]): Member => {
    const total = candidates.reduce((sum, m) => sum + m.weight, 0);
    if (total <= 0) return candidates[Math.floor(random() * candidates.length) % candidates.length]!;
    let r = random() * total;
    for (const m of candidates) {
      if (m.weight <= 0) continue;
      if (r < m.weight) return m;
      r -= m.weight;
    }
    return candidates.filter((m) => m.weight > 0).at(-1)!;
  };

  const pick = (): Member => {
    if (strategy === 'weighted-random') return weighted(members);
    const active = members.filter((m) => m.weight > 0);
    const least = Math.min(...active.map((m) => m.inFlight));
    return weighted(active.filter((m) => m.inFlight === least));
  };

  const chat = async <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions?: CallOptions): Promise<ChatResponse<TOutput>> => {
    const member = pick();
    member.inFlight += 1;
    try {
      return await member.model.chat(request, callOptions);
    } finally {
      member.inFlight -= 1;
    }
  };

  const streamChat = <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions: CallOptions = {}): ChatStream<TOutput> =>
    new ChatStream<TOutput>(
      (signal) => ({
        [Symbol.asyncIterator](): AsyncIterator<StreamEvent<TOutput>> {
          let inner: AsyncIterator<StreamEvent<TOutput>> | undefined;
          const iterator: AsyncIterator<StreamEvent<TOutput>> = {
            next() {
              // The model is picked when the stream is first read, so that in-flight counts are current.
              const member = pick();
              member.inFlight += 1;
              let stream: ChatStream<TOutput>;
              try {
                stream = member.model.streamChat(request, { ...callOptions, signal });
                inner = stream[Symbol.asyncIterator]();
              } catch (err) {
                member.inFlight -= 1;
                return Promise.reject(toLLMError(err, { provider: member.model.provider, model: member.model.modelId }));
              }
              const done = () => {
                member.inFlight -= 1;
              };
              stream.response.then(done, done);
              const it = inner;
              iterator.next = () => it.next();
              return it.next();
            },
            async return() {
              await inner?.return?.();
              return { done: true, value: undefined };
            },
          };
          return iterator;
        },
      }),
      { provider: first.provider, modelId: first.modelId, signal: callOptions.signal },
    );

  const model = chatModelFrom({ provider: first.provider, modelId: first.modelId, chat, streamChat });
  return {
    ...model,
    inFlight: () => Object.fromEntries(members.map((m) => [m.label, m.inFlight])),
  };
}
