import { LLMError } from '@llm/errors';

/** Time as the resilience middlewares see it: injected in tests so that waits are instant and exact. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with a `canceled` LLMError as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function canceledWhileWaiting(signal: AbortSignal): LLMError {
  const reason: unknown = signal.reason;
  if (LLMError.is(reason) && reason.code === 'canceled') return reason;
  return new LLMError({ code: 'canceled', message: 'the call was canceled while waiting to retry', cause: reason, local: true });
}

/** Waits `ms`, stopping at once with `canceled` if the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(canceledWhileWaiting(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(canceledWhileWaiting(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};
