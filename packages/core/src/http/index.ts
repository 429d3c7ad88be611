export * from './credential-safe-fetch.js';
export * from './provider-secrets.js';
export * from './node-http-fetch.js';
export * from './vendor-fetch.js';
export * from './whole-reply.js';
