export * from './credential-safe-fetch.js';
export * from './provider-secrets.js';
