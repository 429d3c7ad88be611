import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schema a schema wraps (through optional, default, prefault, nullable and pipes), if any. */
function objectShape(schema: z.ZodType): Def | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
    case 'record':
    case 'array':
      return def;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return def.innerType ? objectShape(def.innerType) : undefined;
    case 'pipe':
      return (def.in && objectShape(def.in)) ?? (def.out && objectShape(def.out));
    default:
      return undefined;
  }
}

/**
 * The keys of `value` that `schema` does not know, at any depth, as paths (`retry.maxRetrys`).
 * zod strips unknown keys silently; a configuration file must not: a misspelt option would
 * otherwise do nothing, without a word.
 */
export function unknownKeys(schema: z.ZodType, value: unknown, path = ''): string[] {
  const def = objectShape(schema);
  if (!def || typeof value !== 'object' || value === null) return [];
  const at = (key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
  if (def.type === 'array') {
    if (!Array.isArray(value) || !def.element) return [];
    return value.flatMap((item, i) => unknownKeys(def.element!, item, at(i)));
  }
  if (Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  if (def.type === 'record') return def.valueType ? Object.keys(record).flatMap((k) => unknownKeys(def.valueType!, record[k], at(k))) : [];
  const shape = def.shape ?? {};
  return Object.keys(record).flatMap((k) => (k in shape ? unknownKeys(shape[k]!, record[k], at(k)) : [at(k)]));
}
