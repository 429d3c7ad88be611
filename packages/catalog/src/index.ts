export { catalogPriceTable, createCatalogPriceTable, toModelPrice, type CatalogPriceTableOptions } from './catalog-price-table.js';
