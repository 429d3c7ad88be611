import type { Flag } from '../record/index.js';

/** A price in USD, as short as it is exact to 4 significant digits: `3`, `0.075`, `1.25`; unknown: `?`. */
export function formatUsd(value: number | null): string {
  if (value === null) return '?';
  return String(Number(value.toPrecision(4)));
}

/** A token count: `128k`, `1M`, `1.05M`, `8192`; unknown: `?`. */
export function formatTokens(value: number | null): string {
  if (value === null) return '?';
  if (value >= 1_000_000) return `${Number((value / 1_000_000).toPrecision(3))}M`;
  if (value >= 10_000) return `${Number((value / 1000).toPrecision(3))}k`;
  return String(value);
}

/** A flag as a mark: yes ✓, no ✗, unknown ?. */
export function formatFlag(value: Flag): string {
  return value === true ? '✓' : value === false ? '✗' : '?';
}
