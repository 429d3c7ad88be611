export * from './fallback-model.js';
export * from './load-balancer.js';
