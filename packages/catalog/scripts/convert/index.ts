export { convertSnapshot, MODELS_DEV, OPENROUTER_API } from './convert-snapshot.js';
export { catalogDrift, snapshotDrift } from './drift.js';
export { readSnapshot } from './read-snapshot.js';
export { parseSnapshot, readCommittedSnapshot, serializeSnapshot, snapshotFileName, snapshotFiles, SNAPSHOTS_DIR_URL } from './snapshot-file.js';
export { SNAPSHOT_PROVIDERS, SnapshotSchema, type Snapshot, type SnapshotModel } from './snapshot-schema.js';
