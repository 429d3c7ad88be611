export * from './metrics-middleware.js';
export * from './tracing-middleware.js';
