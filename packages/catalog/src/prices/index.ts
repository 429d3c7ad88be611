export { catalogPriceTable, createCatalogPriceTable, type CatalogPriceTableOptions } from './catalog-price-table.js';
export { recordModelPrice } from './record-model-price.js';
