import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkSignal } from './link-signal.js';

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
