export * from './logger.js';
export * from './logging-middleware.js';
export * from './pino-logger.js';
