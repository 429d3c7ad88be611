import { InvalidArgumentError } from 'commander';
import { usageError } from '../errors/usage-error.js';

/** A number option: `--temperature 0.2`. */
export function parseNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

/** A whole-number option: `--max-tokens 200`. */
export function parseInteger(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`);
    return n;
  };
}

/** A repeatable option: `-o a=1 -o b=2`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `-o key=value` pairs as provider options; a value that is JSON (`true`, `3`, `{"a":1}`) is read as JSON. */
export function parseProviderOptions(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError(`-o takes key=value, got "${pair}"`, 'e.g. -o reasoning_effort=low (a JSON value such as 3 or true is read as JSON)');
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // Not JSON: the text itself.
    }
    out[pair.slice(0, at)] = value;
  }
  return out;
}
