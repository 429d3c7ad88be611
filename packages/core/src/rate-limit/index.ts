export * from './fair-queue.js';
export * from './rate-limit-estimate.js';
export * from './rate-limit-feedback.js';
export * from './rate-limit-memory-store.js';
export * from './rate-limit-middleware.js';
export * from './rate-limit-store.js';
export * from './rate-limiter.js';
export * from './token-bucket.js';
