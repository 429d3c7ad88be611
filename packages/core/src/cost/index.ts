export * from './cost-calculator.js';
export * from './cost-estimate.js';
export * from './cost-middleware.js';
export * from './cost-stream.js';
export * from './cost-tracker.js';
export * from './price-table.js';
export * from './usage-report.js';
export * from './usage-tracker.js';
