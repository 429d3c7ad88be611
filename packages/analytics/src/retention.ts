import { LLMError } from '@llm/errors';
import { parseLongDuration } from './duration.js';
import type { RollupLevel } from './rollup.js';

/** How long each kind of data is kept, in ms: raw records, then minute, hour and day roll-ups. */
export interface Retention {
  raw: number;
  minute: number;
  hour: number;
  day: number;
}

/** Raw records for 2 days, minute roll-ups for 14, hour roll-ups for 90, day roll-ups for 2 years. */
export const DEFAULT_RETENTION: Readonly<Retention> = Object.freeze({
  raw: 2 * 86_400_000,
  minute: 14 * 86_400_000,
  hour: 90 * 86_400_000,
  day: 730 * 86_400_000,
});

export type RetentionInput = Partial<Record<keyof Retention, string | number>>;

/** Fills in the defaults; durations as `7d`, `36h`, or ms. A bad value is a `configuration` error naming it. */
export function resolveRetention(input: RetentionInput = {}): Retention {
  const out: Retention = { ...DEFAULT_RETENTION };
  const bad: string[] = [];
  for (const key of Object.keys(input) as Array<keyof Retention>) {
    if (!(key in DEFAULT_RETENTION)) {
      bad.push(`${key}: not a retention field (raw, minute, hour, day)`);
      continue;
    }
    const value = input[key];
    if (value === undefined) continue;
    const ms = parseLongDuration(value);
    if (ms === undefined || ms <= 0) bad.push(`${key}: expected a duration such as 7d, 36h or 90m, got ${JSON.stringify(value)}`);
    else out[key] = ms;
  }
  if (bad.length) throw new LLMError({ code: 'configuration', message: `invalid analytics retention: ${bad.join('; ')}`, details: { fields: bad } });
  return out;
}

/** The oldest time whose data of `level` is still kept at `now`. */
export function horizon(retention: Retention, level: RollupLevel | 'raw', now: number): number {
  return now - retention[level];
}
