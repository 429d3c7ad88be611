export * from './backoff.js';
export * from './backoff-clock.js';
export * from './retry-middleware.js';
export * from './retry-policy.js';
export * from './retry-stream.js';
