import { createCatalog, type Catalog } from './create-catalog.js';

let shared: Catalog | undefined;

/** The committed catalog with genai-prices merged, one per process (read on its first query). */
export function defaultCatalog(): Catalog {
  return (shared ??= createCatalog());
}
