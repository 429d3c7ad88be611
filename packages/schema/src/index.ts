export * from './message-schema.js';
export * from './json-schema.js';
export * from './tool-schema.js';
export * from './usage-schema.js';
export * from './request-schema.js';
export * from './response-schema.js';
export * from './stream-event-schema.js';
export * from './model-info-schema.js';
export { describeIssues, parseOrThrow } from './validate.js';
