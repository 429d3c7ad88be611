import { LLMError } from '@llm/errors';
import type { Retention } from './retention.js';
import { bucketStart, LEVEL_MS, type RollupLevel } from './rollup.js';

/** One stretch of a window read from one roll-up level. */
export interface WindowPiece {
  level: RollupLevel;
  from: number;
  to: number;
}

/** How a window is read: whole days in the middle, hours and minutes at the edges. */
export interface WindowPlan {
  /** The window actually covered (edges rounded out to whole minutes, or coarser past the minute retention). */
  from: number;
  to: number;
  /** The finest level used: the precision of the window's edges. */
  resolution: RollupLevel;
  pieces: WindowPiece[];
}

const COARSE_FIRST: readonly RollupLevel[] = ['day', 'hour', 'minute'];

/** The first bucket start of each level still kept at `now`. */
export function availableFrom(retention: Retention, now: number): Record<RollupLevel, number> {
  return {
    minute: bucketStart(now - retention.minute, 'minute'),
    hour: bucketStart(now - retention.hour, 'hour'),
    day: bucketStart(now - retention.day, 'day'),
  };
}

export function checkWindow(from: number, to: number): void {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new LLMError({ code: 'invalid_request', message: `invalid analytics window: from (${String(from)}) must be a time before to (${String(to)})` });
  }
}

/**
 * Covers [from, to) with the fewest roll-up rows: the coarsest level whose bucket fits at each
 * point. Edges are rounded out to whole minutes; where minutes are no longer kept, to hours (then
 * days), and the plan says so in `from`, `to` and `resolution`.
 */
export function planWindow(from: number, to: number, retention: Retention, now: number): WindowPlan {
  checkWindow(from, to);
  const avail = availableFrom(retention, now);
  let t = Math.max(bucketStart(from, 'minute'), Math.min(avail.minute, avail.hour, avail.day));
  const end = Math.ceil(to / LEVEL_MS.minute) * LEVEL_MS.minute;
  const pieces: WindowPiece[] = [];
  const push = (level: RollupLevel, start: number, stop: number) => {
    const last = pieces[pieces.length - 1];
    if (last && last.level === level && last.to === start) last.to = stop;
    else pieces.push({ level, from: start, to: stop });
  };
  while (t < end) {
    const fit = COARSE_FIRST.find((level) => t % LEVEL_MS[level] === 0 && t + LEVEL_MS[level] <= end && t >= avail[level]);
    if (fit) {
      push(fit, t, t + LEVEL_MS[fit]);
      t += LEVEL_MS[fit];
      continue;
    }
    // No level fits inside the window here: minutes are gone, so round out to a coarser bucket.
    const outer = (['hour', 'day'] as const).find((level) => bucketStart(t, level) >= avail[level]) ?? 'day';
    const start = bucketStart(t, outer);
    const last = pieces[pieces.length - 1];
    // The bucket may overlap what is already covered (a coarser piece never does: t is past it).
    push(outer, last && last.to > start ? last.to : start, start + LEVEL_MS[outer]);
    t = start + LEVEL_MS[outer];
  }
  const resolution = pieces.some((p) => p.level === 'minute') ? 'minute' : pieces.some((p) => p.level === 'hour') ? 'hour' : 'day';
  return { from: pieces[0]?.from ?? t, to: pieces[pieces.length - 1]?.to ?? end, resolution, pieces };
}
