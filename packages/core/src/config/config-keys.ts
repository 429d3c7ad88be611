import { z } from 'zod';

/**
 * Keys that would reach an object's prototype if a loader assigned them: never walked into,
 * never accepted in a config (a YAML `__proto__:` mapping, `JSON.parse('{"__proto__": ...}')`).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The edit distance of two words (insertions, deletions, substitutions, swaps of neighbours). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The known name `word` most likely meant (a typo, another case), if one is close enough. */
export function suggestKey(word: string, known: readonly string[]): string | undefined {
  // Long inputs are not typos of a config key; they would only cost time.
  if (word.length > 64) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(2, Math.floor(word.length / 3));
  if (best !== undefined && bestDistance <= allowed) return best;
  // A word that starts as a known one and then strays (`maxRetry` for `maxRetries`).
  const need = Math.max(4, Math.ceil(lower.length * 0.7));
  return known.find((candidate) => commonPrefix(lower, candidate.toLowerCase()) >= need);
}

function quote(key: string): string {
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
}

/**
 * `unknown key "timout" (did you mean "timeout"?)` for each key. The {@link FORBIDDEN_KEYS} are
 * left to {@link forbiddenKeyFields}, which finds them at any depth (records included).
 */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .filter((key) => !FORBIDDEN_KEYS.has(key))
    .map((key) => {
      const hint = suggestKey(key, known);
      return `unknown key ${quote(key)}${hint ? ` (did you mean ${quote(hint)}?)` : ''}`;
    })
    .join('; ');
}

/**
 * `retry.__proto__: this key is not allowed` for every {@link FORBIDDEN_KEYS} key in a raw
 * config, at any depth a config has (zod drops such keys from records without a word).
 */
export function forbiddenKeyFields(config: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (depth > 6 || typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) out.push(`${at}: this key is not allowed (it could reach an object's prototype)`);
      else walk((value as Record<string, unknown>)[key], at, depth + 1);
    }
  };
  walk(config, '', 0);
  return out;
}

/**
 * A config section that refuses keys it does not know, saying which key is unknown and the
 * likely one meant (a misspelt `timout` is an error, not silently ignored).
 */
export function strictSection<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, known) : undefined),
  });
}

