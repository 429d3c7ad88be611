export * from './di.js';
