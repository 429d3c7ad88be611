export * from './token-counter.js';
export * from './token-counter-corpus.js';
export * from './token-counter-stream.js';
