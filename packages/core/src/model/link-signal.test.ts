import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkSignal, withLinkedSignal } from './link-signal.js';

describe('linkSignal', () => {
  it('aborts the controller when the signal aborts, with its reason', () => {
    const caller = new AbortController();
    const own = new AbortController();
    linkSignal(caller.signal, own);
    expect(own.signal.aborted).toBe(false);
    const reason = new Error('stop');
    caller.abort(reason);
    expect(own.signal.aborted).toBe(true);
    expect(own.signal.reason).toBe(reason);
  });

  it('aborts the controller at once for a signal already aborted, adding no listener', () => {
    const caller = new AbortController();
    caller.abort('gone');
    const own = new AbortController();
    linkSignal(caller.signal, own)();
    expect(own.signal.reason).toBe('gone');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener behind once unlinked, however many controllers followed the signal', () => {
    const caller = new AbortController();
    const owns = Array.from({ length: 12 }, () => new AbortController());
    const unlinks = owns.map((own) => linkSignal(caller.signal, own));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(12);
    for (const unlink of unlinks) unlink();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    caller.abort();
    expect(owns.some((own) => own.signal.aborted)).toBe(false);
  });

  it('does nothing without a signal', () => {
    const own = new AbortController();
    linkSignal(undefined, own)();
    expect(own.signal.aborted).toBe(false);
  });
});

describe('withLinkedSignal', () => {
  it('hands the work a signal that follows the caller, and lets go of the caller once it settled', async () => {
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const result = await withLinkedSignal(caller.signal, async (own) => {
      seen = own;
      expect(own).not.toBe(caller.signal);
      expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
      return 'done';
    });
    expect(result).toBe('done');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    caller.abort();
    expect(seen!.aborted).toBe(false);
  });

  it('lets go of the caller when the work fails, and passes the failure on', async () => {
    const caller = new AbortController();
    await expect(withLinkedSignal(caller.signal, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('aborts the work’s signal with the caller’s reason while it runs', async () => {
    const caller = new AbortController();
    const reason = new Error('stop');
    const run = withLinkedSignal(caller.signal, (own) => new Promise((_resolve, reject) => own!.addEventListener('abort', () => reject(own!.reason), { once: true })));
    caller.abort(reason);
    await expect(run).rejects.toBe(reason);
  });

  it('gives the work no signal when the caller has none', async () => {
    expect(await withLinkedSignal(undefined, async (own) => own)).toBeUndefined();
  });
});
