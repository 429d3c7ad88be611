import type { CallRecord } from './call-record.js';
import { tagsLabel } from './call-record.js';
import { seriesId, seriesKeyOf, type SeriesKey } from './rollup.js';

interface Entry<T> {
  key: SeriesKey;
  value: T;
}

interface ModelEntries<T> {
  list: Array<Entry<T>>;
  /** Once a model has many series (per-user tags), a map by series id instead of a scan. */
  byId: Map<string, Entry<T>> | undefined;
}

const SCAN_LIMIT = 16;

/**
 * Finds the entry of a record's series without building a string key per record: entries are
 * kept per model (the model id is the same string object on every call, so its hash is already
 * known) and told apart by comparing the few other fields. This is the memory store's per-record
 * path, so it matters (see docs/benchmarks.md).
 */
export class SeriesIndex<T> {
  private readonly byModel = new Map<string, ModelEntries<T>>();

  constructor(
    private readonly create: (key: SeriesKey) => T,
    private readonly tagKeys?: readonly string[],
  ) {}

  get(r: CallRecord): T {
    let entries = this.byModel.get(r.model);
    if (!entries) this.byModel.set(r.model, (entries = { list: [], byId: undefined }));
    const tags = r.tags ? tagsLabel(r.tags, this.tagKeys) : '';
    const experiment = r.experiment ?? '';
    const arm = r.arm ?? '';
    if (entries.byId) {
      const key: SeriesKey = { kind: r.kind, provider: r.provider, model: r.model, operation: r.operation, streamed: r.streamed, tags, experiment, arm };
      const id = seriesId(key);
      let entry = entries.byId.get(id);
      if (!entry) {
        entry = { key, value: this.create(key) };
        entries.byId.set(id, entry);
        entries.list.push(entry);
      }
      return entry.value;
    }
    for (const entry of entries.list) {
      const k = entry.key;
      if (k.kind === r.kind && k.streamed === r.streamed && k.provider === r.provider && k.tags === tags && k.operation === r.operation && k.experiment === experiment && k.arm === arm) {
        return entry.value;
      }
    }
    const key = seriesKeyOf(r, this.tagKeys);
    const entry = { key, value: this.create(key) };
    entries.list.push(entry);
    if (entries.list.length > SCAN_LIMIT) entries.byId = new Map(entries.list.map((e) => [seriesId(e.key), e]));
    return entry.value;
  }

  *values(): IterableIterator<T> {
    for (const entries of this.byModel.values()) for (const entry of entries.list) yield entry.value;
  }

  /** Drops the entries `drop` says to. */
  prune(drop: (value: T) => boolean): void {
    for (const [model, entries] of this.byModel) {
      const kept = entries.list.filter((entry) => !drop(entry.value));
      if (kept.length === 0) this.byModel.delete(model);
      else if (kept.length !== entries.list.length) {
        this.byModel.set(model, { list: kept, byId: kept.length > SCAN_LIMIT ? new Map(kept.map((e) => [seriesId(e.key), e])) : undefined });
      }
    }
  }
}
