import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION } from './retention.js';
import { planWindow } from './window-plan.js';

const at = (iso: string) => Date.parse(iso);
const iso = (p: { level: string; from: number; to: number }) => `${p.level} ${new Date(p.from).toISOString().slice(0, 16)}..${new Date(p.to).toISOString().slice(0, 16)}`;

describe('planWindow', () => {
  const now = at('2026-03-20T12:00:00Z');

  it('reads whole days in the middle, hours and minutes at the edges', () => {
    const plan = planWindow(at('2026-03-10T22:30:00Z'), at('2026-03-13T01:15:00Z'), DEFAULT_RETENTION, now);
    expect(plan.pieces.map(iso)).toEqual([
      'minute 2026-03-10T22:30..2026-03-10T23:00',
      'hour 2026-03-10T23:00..2026-03-11T00:00',
      'day 2026-03-11T00:00..2026-03-13T00:00',
      'hour 2026-03-13T00:00..2026-03-13T01:00',
      'minute 2026-03-13T01:00..2026-03-13T01:15',
    ]);
    expect(plan.resolution).toBe('minute');
    expect([plan.from, plan.to]).toEqual([at('2026-03-10T22:30:00Z'), at('2026-03-13T01:15:00Z')]);
  });

  it('rounds edges out to whole minutes', () => {
    const plan = planWindow(at('2026-03-20T10:00:30Z'), at('2026-03-20T10:02:10Z'), DEFAULT_RETENTION, now);
    expect(plan.pieces.map(iso)).toEqual(['minute 2026-03-20T10:00..2026-03-20T10:03']);
  });

  it('rounds out to hours where minutes are no longer kept, and says so', () => {
    // Minutes are kept 14 days: 2026-03-06T12:00 is the first minute still there.
    const plan = planWindow(at('2026-02-20T10:20:00Z'), at('2026-02-20T12:40:00Z'), DEFAULT_RETENTION, now);
    expect(plan.pieces.map(iso)).toEqual(['hour 2026-02-20T10:00..2026-02-20T13:00']);
    expect(plan.resolution).toBe('hour');
    expect([plan.from, plan.to]).toEqual([at('2026-02-20T10:00:00Z'), at('2026-02-20T13:00:00Z')]);
  });

  it('covers every minute of the window exactly once', () => {
    const from = at('2026-03-08T03:07:00Z');
    const to = at('2026-03-19T17:53:00Z');
    const plan = planWindow(from, to, DEFAULT_RETENTION, now);
    let t = from;
    for (const piece of plan.pieces) {
      expect(piece.from).toBe(t);
      t = piece.to;
    }
    expect(t).toBe(to);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => planWindow(10, 5, DEFAULT_RETENTION, now)).toThrow(/from \(10\) must be a time before to \(5\)/);
  });
});
