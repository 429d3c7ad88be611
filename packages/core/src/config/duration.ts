/**
 * The longest delay a timer can take (2^31 - 1 ms, about 24.8 days): Node fires a longer
 * `setTimeout` after 1 ms instead, so every call would time out at once.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** Parses `30s`, `500ms`, `2m`, `1h`, `1.5s` or a bare number of milliseconds. */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1;
  const ms = Math.round(n * factor);
  return Number.isFinite(ms) ? ms : undefined;
}
