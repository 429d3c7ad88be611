export * from './middleware.js';
