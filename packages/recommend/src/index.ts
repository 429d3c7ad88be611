export * from './ranking/index.js';
export * from './routing/index.js';
export * from './experiments/index.js';
