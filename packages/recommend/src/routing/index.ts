export * from './recommended-model.js';
