export { CATALOG_DATA_URL, readCatalogData, serializeCatalogData } from './catalog-data-file.js';
export { checkCatalogData } from './check-catalog-data.js';
