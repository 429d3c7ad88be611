export * from './timeout-middleware.js';
