import { getEventListeners } from 'node:events';
import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { abortableSleep } from './backoff-clock.js';

/** Whether `promise` has settled after the microtasks queued so far ran (no timer has fired yet). */
async function settledWithoutTimers(promise: Promise<void>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return settled;
}

describe('abortableSleep: what a cancel rejects with', () => {
  it('passes on a canceled LLMError given as the abort reason, the very same error', async () => {
    const controller = new AbortController();
    const reason = new LLMError({ code: 'canceled', message: 'the user left', provider: 'p', model: 'm' });
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    await expect(abortableSleep(60_000, controller.signal)).rejects.toBe(reason);
  });

  it('turns any other reason into a local canceled LLMError that keeps the reason as its cause', async () => {
    const timeout = new LLMError({ code: 'timeout', message: 'too slow' });
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(timeout);
    const err = await sleeping.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LLMError);
    expect(err).toMatchObject({ code: 'canceled', local: true, message: 'the call was canceled while waiting to retry' });
    expect((err as LLMError).cause).toBe(timeout);
  });

  it('does not take a plain object that merely says canceled for an LLMError', async () => {
    const reason = { code: 'canceled' };
    const err = await abortableSleep(60_000, AbortSignal.abort(reason)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LLMError);
    expect(err).not.toBe(reason);
    expect((err as LLMError).cause).toEqual(reason);
  });
});

describe('abortableSleep: waits', () => {
  it('resolves a wait of zero or less without waiting for a timer', async () => {
    expect(await settledWithoutTimers(abortableSleep(0))).toBe(true);
    expect(await settledWithoutTimers(abortableSleep(-5))).toBe(true);
    expect(await settledWithoutTimers(abortableSleep(0, new AbortController().signal))).toBe(true);
  });

  it('does wait for a timer when the wait is positive', async () => {
    const sleeping = abortableSleep(1);
    expect(await settledWithoutTimers(sleeping)).toBe(false);
    await sleeping;
  });

  it('leaves no listener on a long-lived signal, whether the wait ends or is aborted', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) await abortableSleep(1, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    const sleeping = abortableSleep(60_000, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ code: 'canceled' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
