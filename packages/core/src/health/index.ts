export * from './health-aggregator.js';
