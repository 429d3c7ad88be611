export * from './config-loaders.js';
export * from './config-schema.js';
export * from './duration.js';
export * from './config-keys.js';
