type JsonSchema = Readonly<Record<string, unknown>>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_DEPTH = 8;

/**
 * A value that fits a JSON Schema, for the built-in mock's structured answers: `const`, `default`,
 * the first `examples` or `enum` entry, the first branch of `anyOf`/`oneOf`, every property of an
 * object, one item of an array, and a placeholder per type (strings honour `minLength` and common
 * formats). Local `$ref`s (`#/$defs/x`, `#/definitions/x`) are followed.
 */
export function sampleFromSchema(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (!isSchema(schema) || depth > MAX_DEPTH) return null;
  if (typeof schema.$ref === 'string') return sampleFromSchema(resolveRef(root, schema.$ref), root, depth + 1);
  if ('const' in schema) return schema.const;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      if (key !== 'allOf') return sampleFromSchema(branches[0], root, depth + 1);
      return Object.assign({}, ...branches.map((b: unknown) => sampleFromSchema(b, root, depth + 1)).filter(isSchema));
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (isSchema(schema.properties) ? 'object' : undefined)) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      return Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, sampleFromSchema(sub, root, depth + 1)]));
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? Math.max(1, schema.minItems) : 1;
      return Array.from({ length: count }, () => sampleFromSchema(schema.items, root, depth + 1));
    }
    case 'string':
      return sampleString(schema);
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

function sampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case 'date-time':
      return '2025-01-01T00:00:00Z';
    case 'date':
      return '2025-01-01';
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
  }
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  return 'example'.padEnd(min, 'x');
}

function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    if (!isSchema(node)) return undefined;
    node = node[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}
