/**
 * `@llm/catalog/export`: the catalog in other formats (JSON, YAML, CSV, JSON Schema, Markdown, a
 * one-file HTML page, OpenAPI 3.1) and as a framework-free HTTP API. A subpath of its own so that
 * importing `@llm/catalog` (every provider does, for prices) does not load the exporters' libraries.
 */
export * from './export/index.js';
export * from './export-catalog/index.js';
export * from './http/index.js';
export * from './page/index.js';
