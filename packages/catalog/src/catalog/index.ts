export { createCatalog, type Catalog, type CatalogOptions } from './create-catalog.js';
export { CatalogQuerySchema, parseCatalogQuery, type CatalogQuery } from './catalog-query.js';
export { defaultCatalog } from './default-catalog.js';
