export * from './budget-options.js';
export * from './client.js';
export * from './client-options.js';
export * from './stack-deps.js';
