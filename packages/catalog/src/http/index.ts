export { createCatalogApi, type CatalogApi, type CatalogApiRequest, type CatalogApiResponse } from './catalog-api.js';
