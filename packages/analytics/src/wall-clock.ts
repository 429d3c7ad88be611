/**
 * Whole ms since the epoch for a `performance.now()` reading. `Date.now()` costs as much as
 * `performance.now()` (each ~0.1-0.2 µs here), so the observers read only the monotonic clock on a
 * call and derive its wall-clock start from an offset that is read again once `resyncMs` has passed:
 * a wall-clock step (NTP, a suspended machine) shows up within that time.
 */
export function wallClock(resyncMs = 1000): (monotonic: number) => number {
  let offset = 0;
  let synced = -Infinity;
  return (monotonic) => {
    if (monotonic - synced >= resyncMs || monotonic < synced) {
      offset = Date.now() - monotonic;
      synced = monotonic;
    }
    return Math.floor(offset + monotonic);
  };
}
