export { convertSnapshot, MODELS_DEV, OPENROUTER_API } from './convert-snapshot.js';
export { catalogDrift } from './drift.js';
export { readSnapshot, SNAPSHOT_PROVIDERS, type Snapshot, type SnapshotModel } from './read-snapshot.js';
