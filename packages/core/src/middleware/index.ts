export * from './middleware.js';
export * from './request-validation.js';
export * from './bookkeeping.js';
