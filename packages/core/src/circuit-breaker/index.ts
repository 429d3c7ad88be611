export * from './circuit-breaker.js';
export * from './circuit-breaker-store.js';
