import { afterEach, describe, expect, it, vi } from 'vitest';
import { wallClock } from './wall-clock.js';

describe('wallClock', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('gives Date.now() for a fresh reading, then follows the monotonic clock until it reads the wall clock again', () => {
    const wall = vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const clock = wallClock(1000);
    expect(clock(500.25)).toBe(1_700_000_000_000);
    expect(clock(750.9)).toBe(1_700_000_000_250);
    expect(wall).toHaveBeenCalledTimes(1);
    // The wall clock stepped back by a minute (NTP): seen at the next resync, not before.
    wall.mockReturnValue(1_700_000_000_000 + 1000 - 60_000);
    expect(clock(1499)).toBe(1_700_000_000_998);
    expect(clock(1500.5)).toBe(1_700_000_000_000 + 1000 - 60_000);
    expect(wall).toHaveBeenCalledTimes(2);
    expect(clock(1600.5)).toBe(1_700_000_000_000 + 1100 - 60_000);
  });

  it('reads the wall clock again when the monotonic reading goes backwards (another clock source)', () => {
    const wall = vi.spyOn(Date, 'now').mockReturnValue(5_000);
    const clock = wallClock();
    expect(clock(100)).toBe(5_000);
    wall.mockReturnValue(9_000);
    expect(clock(50)).toBe(9_000);
    expect(wall).toHaveBeenCalledTimes(2);
  });
});
