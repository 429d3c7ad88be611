import { describe, expect, it } from 'vitest';
import { ROLLUP_COLUMNS, rollupColumns, rollupRowOf, type StoredRollupRow } from './rollup-columns.js';
import { rollupBatch } from './rollup.js';
import { makeCallRecord } from './testing.js';

describe('roll-up columns', () => {
  it('give a row back from its columns, whether the driver returns text or parsed JSON, 0/1 or booleans, numbers or strings', () => {
    const rows = rollupBatch([
      makeCallRecord({ streamed: true, tags: { feature: 'search' }, experiment: 'e', arm: 'b', ttfcMs: 120, errorCode: undefined }),
      makeCallRecord({ outcome: 'error', errorCode: 'overloaded', costUsd: undefined }),
    ]);
    for (const row of rows) {
      const columns = rollupColumns(row, 'series-id');
      expect(Object.keys(columns)).toEqual([...ROLLUP_COLUMNS]);
      const asSqlite = { ...columns, streamed: columns.streamed ? 1 : 0 } as unknown as StoredRollupRow;
      const asPostgres = { ...columns, bucket: String(columns.bucket), stats: JSON.parse(columns.stats as string) } as unknown as StoredRollupRow;
      expect(rollupRowOf(asSqlite)).toEqual(row);
      expect(rollupRowOf(asPostgres)).toEqual(row);
    }
  });
});
