import type { RecordFilter } from './analytics-store.js';
import type { CallRecord } from './call-record.js';
import { parseTagsLabel } from './call-record.js';
import type { SeriesKey } from './rollup.js';

const oneOf = (want: string | readonly string[] | undefined, value: string): boolean =>
  want === undefined || (typeof want === 'string' ? want === value : want.includes(value));

function tagsMatch(want: Readonly<Record<string, string>> | undefined, have: Readonly<Record<string, string>> | undefined): boolean {
  if (!want) return true;
  for (const key of Object.keys(want)) if (have?.[key] !== want[key]) return false;
  return true;
}

/** Whether a roll-up row's series passes the filter (kind `call` unless the filter says otherwise). */
export function seriesMatches(key: SeriesKey, filter: RecordFilter): boolean {
  return (
    key.kind === (filter.kind ?? 'call') &&
    oneOf(filter.provider, key.provider) &&
    oneOf(filter.model, key.model) &&
    (filter.operation === undefined || filter.operation === key.operation) &&
    (filter.streamed === undefined || filter.streamed === key.streamed) &&
    (filter.experiment === undefined || filter.experiment === key.experiment) &&
    oneOf(filter.arm, key.arm) &&
    (!filter.tags || tagsMatch(filter.tags, parseTagsLabel(key.tags)))
  );
}

/** Whether a raw record passes the filter (any kind unless the filter names one). */
export function recordMatches(r: CallRecord, filter: RecordFilter): boolean {
  return (
    (filter.kind === undefined || filter.kind === r.kind) &&
    oneOf(filter.provider, r.provider) &&
    oneOf(filter.model, r.model) &&
    (filter.operation === undefined || filter.operation === r.operation) &&
    (filter.streamed === undefined || filter.streamed === r.streamed) &&
    (filter.experiment === undefined || filter.experiment === (r.experiment ?? '')) &&
    oneOf(filter.arm, r.arm ?? '') &&
    tagsMatch(filter.tags, r.tags)
  );
}
