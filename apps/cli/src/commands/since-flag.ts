import { usageError } from '../errors/usage-error.js';

/** `--since` as an ISO instant: `7d` / `4w` back from now (UTC days), or a date. */
export function sinceOf(value: string | undefined, now: Date): string | undefined {
  if (value === undefined) return undefined;
  const relative = /^(\d+)([dw])$/.exec(value);
  if (relative) {
    const days = Number(relative[1]) * (relative[2] === 'w' ? 7 : 1);
    return new Date(now.getTime() - days * 86_400_000).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && Number.isFinite(Date.parse(value))) return `${value}T00:00:00.000Z`;
  throw usageError(`--since "${value}" is neither a number of days or weeks nor a date`, 'e.g. --since 7d, --since 4w, --since 2026-11-01');
}
