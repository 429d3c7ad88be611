import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import type { CallOptions, ChatModel } from '../model/index.js';

/** One request's outcome: its response, or the error it failed with. */
export type BatchResult<TOutput = undefined> = { ok: true; response: ChatResponse<TOutput> } | { ok: false; error: LLMError };

export interface BatchOptions extends Omit<CallOptions, 'signal'> {
  /** Calls in flight at once (default 4). */
  concurrency?: number;
  /** Aborting cancels the calls in flight; requests not started end as `canceled` without being sent. */
  signal?: AbortSignal;
  /** Called as each request settles (`index` is its position in the input). */
  onResult?: (index: number, result: BatchResult<unknown>) => void;
}

/**
 * Sends many requests through `model` (so its whole middleware stack applies: limits, retries,
 * budgets) with at most `concurrency` in flight. Results come back in the order of the requests;
 * a failed request gives `{ ok: false, error }` and does not stop the others.
 */
export async function batch<TOutput = undefined>(
  model: Pick<ChatModel, 'chat' | 'provider' | 'modelId'>,
  requests: ReadonlyArray<ChatRequest<TOutput>>,
  options: BatchOptions = {},
): Promise<Array<BatchResult<TOutput>>> {
  const { concurrency = 4, signal, onResult, ...callOptions } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new LLMError({ code: 'invalid_request', message: `batch concurrency must be an integer >= 1, got ${concurrency}` });
  }
  const ctx = { provider: model.provider, model: model.modelId };
  const results = new Array<BatchResult<TOutput>>(requests.length);
  let nextIndex = 0;
  const settle = (index: number, result: BatchResult<TOutput>) => {
    results[index] = result;
    onResult?.(index, result as BatchResult<unknown>);
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = nextIndex++;
      if (index >= requests.length) return;
      if (signal?.aborted) {
        settle(index, { ok: false, error: new LLMError({ code: 'canceled', message: `batch canceled before request ${index} was sent`, ...ctx, cause: signal.reason }) });
        continue;
      }
      try {
        const response = await model.chat(requests[index]!, signal ? { ...callOptions, signal } : callOptions);
        settle(index, { ok: true, response });
      } catch (err) {
        settle(index, { ok: false, error: toLLMError(err, ctx) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return results;
}
