export { parseCatalogJson, toJson, validatedCatalog } from './catalog-json.js';
export { parseCatalogYaml, toYaml } from './catalog-yaml.js';
export { CSV_COLUMNS, toCsv } from './catalog-csv.js';
export { recordJsonSchema } from './catalog-json-schema.js';
export { CAPABILITY_LABELS, markdownCell, MODEL_TABLE_HEADER, modelRow, PRICE_TABLE_HEADER, priceRow, providerName, toMarkdown, type MarkdownOptions } from './catalog-markdown.js';
export { ApiErrorSchema, catalogOpenApi, ModelListSchema, SourceListSchema, type OpenApiOptions } from './catalog-openapi.js';
export { formatFlag, formatTokens, formatUsd } from './format-values.js';
export { renderTemplate, type TemplateOptions } from './catalog-template.js';
