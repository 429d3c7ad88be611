import { availableFrom } from './window-plan.js';
import { bucketStart, LEVEL_MS } from './rollup.js';
import type { Retention } from './retention.js';
import { levelFor } from './time-series.js';

const MINUTE = LEVEL_MS.minute;
/** Bucket widths a chart may use, finest first. */
const LADDER = [1, 5, 15, 30, 60, 180, 360, 720, 1440, 2 * 1440, 7 * 1440].map((m) => m * MINUTE);

/**
 * The finest bucket width that gives at most `maxPoints` buckets over the window and whose roll-up
 * level is still kept at the window's start (so the series covers the whole window): a chart's
 * granularity. A window too long for the ladder gets its widest step.
 */
export function seriesGranularity(from: number, to: number, retention: Retention, now: number, maxPoints = 240): number {
  const avail = availableFrom(retention, now);
  for (const g of LADDER) {
    if ((to - from) / g > maxPoints) continue;
    const level = levelFor(g, from, avail);
    if (bucketStart(from, g) >= avail[level]) return g;
  }
  return LADDER[LADDER.length - 1]!;
}
