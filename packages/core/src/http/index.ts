export * from './credential-safe-fetch.js';
