export * from './model-family.js';
