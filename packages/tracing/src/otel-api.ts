import { createRequire } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';

const require = createRequire(import.meta.url);
let api: typeof OtelApi | undefined;

/**
 * `@opentelemetry/api`, loaded on first use instead of at import: an application that never
 * records a span does not pay for loading it (45 files). Node resolves the package to its CommonJS
 * build for `import` and `require` alike, so this is the very module instance the application
 * imports, and the API keeps its registrations (tracer provider, context manager) on `globalThis`.
 */
export function otelApi(): typeof OtelApi {
  return (api ??= require('@opentelemetry/api') as typeof OtelApi);
}
