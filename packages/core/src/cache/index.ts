export * from './cache-memory-store.js';
export * from './cache-middleware.js';
export * from './cache-store.js';
export * from './request-hash.js';
