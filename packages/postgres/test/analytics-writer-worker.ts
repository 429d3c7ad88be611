// A worker for the four-process test: appends its share of records to one PostgreSQL store, in
// batches that overlap the other workers' roll-up rows (same minutes, same series), and sends
// one batch twice (a retry after an unclear failure must not count twice).
// Messages to the parent: {type:'ready'}, {type:'done', sent}.
import { makeWorkerRecords } from './worker-records.js';
import { createPostgresAnalyticsStore } from '../src/index.js';

const send = (message: Record<string, unknown>) => process.send?.(message);

async function main(): Promise<void> {
  const worker = Number(process.env.WORKER);
  const store = await createPostgresAnalyticsStore({ connectionString: process.env.PG_URL!, now: () => Number(process.env.NOW) });
  send({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const records = makeWorkerRecords(worker, Number(process.env.PER_WORKER));
  const batch = Number(process.env.BATCH);
  for (let i = 0; i < records.length; i += batch) {
    const part = records.slice(i, i + batch);
    await store.append(part);
    if (i === batch * 3) await store.append(part);
  }
  send({ type: 'done', sent: records.length });
  await store.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
