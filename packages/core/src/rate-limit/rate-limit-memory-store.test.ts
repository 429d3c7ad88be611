import { describe, expect, it } from 'vitest';
import { InMemoryRateLimitStore } from './rate-limit-memory-store.js';

// The in-memory rate-limit store on a fixed clock: which limit makes a caller wait, leases that
// lapse or are extended, releases that give back or correct what was taken, and vendor feedback.

function store() {
  let now = 1_000_000;
  return { store: new InMemoryRateLimitStore({ now: () => now }), advance: (ms: number) => void (now += ms) };
}

describe('InMemoryRateLimitStore', () => {
  it('says which limit a caller waits for: requests, tokens or concurrency', async () => {
    const { store: s } = store();
    const rules = { requests: 1, tokens: 1000, windowMs: 60_000 };
    expect((await s.tryAcquire({ key: 'k', tokens: 10, rules, leaseMs: 5000 })).granted).toBe(true);
    expect(await s.tryAcquire({ key: 'k', tokens: 10, rules, leaseMs: 5000 })).toMatchObject({ granted: false, reason: 'requests' });
    const tokenRules = { tokens: 1000, windowMs: 60_000 };
    expect((await s.tryAcquire({ key: 't', tokens: 900, rules: tokenRules, leaseMs: 5000 })).granted).toBe(true);
    expect(await s.tryAcquire({ key: 't', tokens: 200, rules: tokenRules, leaseMs: 5000 })).toMatchObject({ granted: false, reason: 'tokens' });
    const one = { maxConcurrent: 1, windowMs: 60_000 };
    expect((await s.tryAcquire({ key: 'c', tokens: 1, rules: one, leaseMs: 5000 })).granted).toBe(true);
    expect(await s.tryAcquire({ key: 'c', tokens: 1, rules: one, leaseMs: 5000 })).toEqual({ granted: false, waitMs: 5000, reason: 'concurrency' });
  });

  it('a lease lapses when its time is up, unless extended', async () => {
    const { store: s, advance } = store();
    const one = { maxConcurrent: 1, windowMs: 60_000 };
    const first = await s.tryAcquire({ key: 'c', tokens: 1, rules: one, leaseMs: 1000 });
    if (!first.granted) throw new Error('expected a lease');
    advance(900);
    await s.extend(first.lease, 1000);
    advance(900);
    expect((await s.tryAcquire({ key: 'c', tokens: 1, rules: one, leaseMs: 1000 })).granted).toBe(false);
    advance(100);
    expect((await s.tryAcquire({ key: 'c', tokens: 1, rules: one, leaseMs: 1000 })).granted).toBe(true);
    // Extending a lease the store no longer holds, or of an unknown key, does nothing.
    await s.extend(first.lease, 60_000);
    await s.extend({ ...first.lease, key: 'unknown' }, 60_000);
  });

  it('a call never sent gives its request and tokens back; a sent one is corrected to what it used', async () => {
    const { store: s } = store();
    const rules = { requests: 1, tokens: 100, windowMs: 60_000 };
    const a = await s.tryAcquire({ key: 'k', tokens: 100, rules, leaseMs: 5000 });
    if (!a.granted) throw new Error('expected a lease');
    await s.release(a.lease, { sent: false });
    const b = await s.tryAcquire({ key: 'k', tokens: 100, rules, leaseMs: 5000 });
    if (!b.granted) throw new Error('the unsent call should have given everything back');

    const tokensOnly = { tokens: 100, windowMs: 60_000 };
    const c = await s.tryAcquire({ key: 'tok', tokens: 90, rules: tokensOnly, leaseMs: 5000 });
    if (!c.granted) throw new Error('expected a lease');
    await s.release(c.lease, { actualTokens: 20 });
    expect((await s.tryAcquire({ key: 'tok', tokens: 80, rules: tokensOnly, leaseMs: 5000 })).granted).toBe(true);
    await s.release({ ...c.lease, key: 'never-seen' });
  });

  it('takes vendor feedback: a pause, an exhausted window as a pause, and remaining figures as a tighter bucket', async () => {
    const { store: s, advance } = store();
    const rules = { requests: 100, tokens: 10_000, windowMs: 60_000 };
    await s.tighten('k', rules, { pauseMs: 2000 });
    expect(await s.tryAcquire({ key: 'k', tokens: 1, rules, leaseMs: 5000 })).toEqual({ granted: false, waitMs: 2000, reason: 'paused' });
    await s.tighten('k', rules, { tokens: { remaining: 0, resetMs: 5000 } });
    expect(await s.tryAcquire({ key: 'k', tokens: 1, rules, leaseMs: 5000 })).toMatchObject({ waitMs: 5000, reason: 'paused' });
    advance(5000);
    await s.tighten('k', rules, { requests: { remaining: 1, resetMs: 30_000 }, pauseMs: 0 });
    expect((await s.tryAcquire({ key: 'k', tokens: 1, rules, leaseMs: 5000 })).granted).toBe(true);
    expect(await s.tryAcquire({ key: 'k', tokens: 1, rules, leaseMs: 5000 })).toMatchObject({ granted: false, reason: 'requests' });
  });

  it('changes a key\'s rule in place when the rules change', async () => {
    const { store: s } = store();
    expect((await s.tryAcquire({ key: 'k', tokens: 1, rules: { requests: 1, windowMs: 60_000 }, leaseMs: 5000 })).granted).toBe(true);
    expect((await s.tryAcquire({ key: 'k', tokens: 1, rules: { requests: 1, windowMs: 60_000 }, leaseMs: 5000 })).granted).toBe(false);
    expect((await s.tryAcquire({ key: 'k', tokens: 1, rules: { requests: 5, windowMs: 60_000 }, leaseMs: 5000 })).granted).toBe(true);
  });
});
