export * from './api-key.js';
export * from './api-key-record.js';
export * from './api-key-store.js';
export * from './api-key-memory-store.js';
export * from './api-key-issue.js';
