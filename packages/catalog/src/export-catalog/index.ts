export { EXPORT_FORMATS, exportCatalog, selectData, type ExportFormat, type ExportOptions } from './export-catalog.js';
