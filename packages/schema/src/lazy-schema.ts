import { z } from 'zod';

/** The key under which a lazy schema hands out the schema it stands for. */
const BUILT = Symbol('@llm/schema built');

/**
 * A zod schema built on first use instead of at import. The value returned stands for
 * the built schema everywhere: property reads, method calls, `instanceof`, composition into other
 * zod schemas and `Object.keys` all reach the schema `build` returns, built once, the first time
 * anything touches it. Its type is the built schema's type, so `z.infer<typeof X>` is unchanged.
 *
 * Why: a zod 4 schema allocates dozens of closures per node; the framework's few hundred nodes
 * built at import cost more than compiling the packages (allocation, and the garbage collections
 * it brings on), for schemas most processes use only on their first call, if at all.
 *
 * What differs from the built schema itself: identity (`X !== the built object`). The global
 * registry's metadata of the built schema (`.describe()`, `.meta()` without an `id`) is given to
 * the lazy value as well when it is built; an `id` is not (ids are unique), so register a schema
 * with an id yourself, under the lazy value.
 */
export function lazySchema<T extends z.core.$ZodType>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => {
    if (built === undefined) {
      built = build();
      // `.describe()`/`.meta()` metadata is keyed by the schema object: give it to this value too,
      // so that `z.toJSONSchema` finds it here (it reads a schema's definition, which builds it, first).
      const meta = z.globalRegistry.get(built);
      if (meta !== undefined && meta.id === undefined) z.globalRegistry.add(lazy, meta);
    }
    return built;
  };
  const lazy = new Proxy({} as T, {
    get: (_, key) => (key === BUILT ? real() : Reflect.get(real(), key)),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: a proxy may not report a non-configurable property its own target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return lazy;
}

/**
 * The schema a `lazySchema` value stands for (built now if it was not yet), or `schema` itself
 * when it is not a lazy value. For schemas built from other lazy schemas whose object identity
 * matters: a zod registry (`z.registry()`, OpenAPI components) finds a schema, and one made from it
 * by `.describe()` or `.optional()`, by the object it was given, so give it and refer to the built
 * objects.
 */
export function builtSchema<T extends z.core.$ZodType>(schema: T): T {
  return ((schema as unknown as Record<symbol, T | undefined>)[BUILT] ?? schema);
}
