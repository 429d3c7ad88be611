// A worker for the crash test: appends batches of records to one SQLite file as fast as it can
// and tells the parent each batch that has committed; the parent kills it mid-write.
// Messages to the parent: {type:'ready'}, {type:'committed', batch}.
import { openSqliteStore } from '../src/index.js';
import { makeCallRecord, TEST_RECORD_START } from '../src/testing.js';

const path = process.env.DB_PATH!;
const batchSize = Number(process.env.BATCH_SIZE ?? '50');
const send = (message: Record<string, unknown>) => process.send?.(message);

async function main(): Promise<void> {
  const store = await openSqliteStore({ path, now: () => Date.parse('2026-03-20T12:00:00Z') });
  send({ type: 'ready' });
  for (let batch = 0; ; batch++) {
    const records = Array.from({ length: batchSize }, (_, i) =>
      makeCallRecord({ id: `w${process.pid}-${batch}-${i}`, start: TEST_RECORD_START + batch * 1000 + i, durationMs: 100 + i }),
    );
    await store.append(records);
    send({ type: 'committed', batch });
  }
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
