import { parseDuration } from '@llm/core';

const DAYS = /^\s*(\d+(?:\.\d+)?)\s*(d|w)\s*$/;

/** Core's durations (`90m`, `36h`, `500ms`, a number of ms) and days and weeks (`7d`, `2w`), for retentions and windows. */
export function parseLongDuration(value: string | number): number | undefined {
  if (typeof value === 'string') {
    const m = DAYS.exec(value);
    if (m) return Math.round(Number(m[1]) * (m[2] === 'w' ? 604_800_000 : 86_400_000));
  }
  return parseDuration(value);
}
