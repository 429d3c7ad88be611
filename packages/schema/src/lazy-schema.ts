/**
 * A schema (any object) built on first use instead of at import. The value returned stands for
 * the built schema everywhere: property reads, method calls, `instanceof`, composition into other
 * zod schemas and `Object.keys` all reach the schema `build` returns, built once, the first time
 * anything touches it. Its type is the built schema's type, so `z.infer<typeof X>` is unchanged.
 *
 * Why: a zod 4 schema allocates dozens of closures per node; the framework's few hundred nodes
 * built at import cost more than compiling the packages (allocation, and the garbage collections
 * it brings on), for schemas most processes use only on their first call, if at all.
 *
 * What differs from the built schema itself: identity (`X !== the built object`), so use the
 * value given, not the object inside it, as a key in zod registries (`.meta()`/`.describe()`
 * on the lazy value return ordinary schemas and are not affected).
 */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const real = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(real(), key),
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
}
