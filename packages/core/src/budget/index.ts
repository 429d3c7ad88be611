export * from './budget-middleware.js';
export * from './budget-period.js';
export * from './budget-store.js';
export * from './cost-stack.js';
