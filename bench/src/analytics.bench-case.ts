import { AnalyticsRecorder, MemoryAnalyticsStore, aggregate, attemptMiddleware, buildReport, callMiddleware } from '@llm/analytics';
import { applyMiddleware, createChatModel, type ChatModel, type ChatTransport } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import type { BenchCase } from './bench-case.js';
import { collectGarbage, cpuMicros, median } from './cpu.js';
import { measureStores } from './analytics-stores.js';
import { DAY, syntheticRecords } from './synthetic-records.js';
import { fixed, formatTable } from './table.js';

/** A vendor that answers from memory: what remains is the framework's own CPU. */
const transport: ChatTransport = {
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  async doChat() {
    return { id: 'r', model: 'gpt-4o-mini-2024-07-18', text: 'hi', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } };
  },
  async *doStream() {
    yield { type: 'finish', finishReason: 'stop' };
  },
};

const request: ChatRequest = { messages: [{ role: 'user', content: 'hello' }], maxTokens: 50 };

/** No forced collection between blocks: it shrinks the young generation and bills the next block for it. */
async function perChat(model: ChatModel, n: number): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await model.chat(request);
  return (cpuMicros() - start) / n;
}

const heap = (): number => {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * `@llm/analytics`: CPU the call and attempt observers add to a call recorded into the default
 * memory store (goal: at most 2 µs), the memory store's ingest rate and memory per 1,000 raw
 * records, and an aggregate over a million records (goal: under a second); then the SQLite and
 * PostgreSQL stores (`analytics-stores.ts`; `BENCH_ANALYTICS_STORES=sqlite`, `postgres` or `none` picks).
 */
export const analyticsCase: BenchCase = {
  name: 'analytics',
  title: 'Analytics: CPU added per call (memory store), ingest rate, memory per 1,000 records, aggregate and report over 1M records; SQLite and PostgreSQL stores',
  async run(ctx) {
    const base = createChatModel(transport);
    const recorder = new AnalyticsRecorder();
    const observed = applyMiddleware(base, callMiddleware(recorder), attemptMiddleware(recorder));
    const rounds = ctx.quick ? 3 : 15;
    const calls = ctx.quick ? 2000 : 20_000;
    // Steady state: the ring full (its default 10,000 records) and the functions compiled.
    for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
      await perChat(base, calls);
      await perChat(observed, calls);
    }
    const plain: number[] = [];
    const withAnalytics: number[] = [];
    const added: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const a = await perChat(base, calls);
      const b = await perChat(observed, calls);
      plain.push(a);
      withAnalytics.push(b);
      added.push(b - a);
    }
    ctx.log(`${rounds} rounds of ${calls} calls per path; medians (a call record and an attempt record per call).`);
    ctx.log(
      formatTable([
        ['path', 'CPU µs/call'],
        ['in-memory model', fixed(median(plain), 2)],
        ['+ call and attempt observers, memory store', fixed(median(withAnalytics), 2)],
        ['added (goal <= 2)', fixed(median(added), 2)],
      ]),
    );
    await recorder.close();

    const n = ctx.quick ? 100_000 : 1_000_000;
    const now = Date.UTC(2026, 2, 20);
    // Raw records alone: 100,000 of one series in one minute (one roll-up row), so the ring is what grows.
    const ring = 100_000;
    let before = heap();
    const rawOnly = new MemoryAnalyticsStore({ maxRecords: ring, now: () => now });
    for (let at = 0; at < ring; at += 10_000) await rawOnly.append(syntheticRecords(at, at + 10_000, ring, now, 0).map((r) => ({ ...r, model: 'gpt-4o-mini', tags: undefined, streamed: false })));
    const perThousand = (heap() - before) / (ring / 1000);
    await rawOnly.close();

    before = heap();
    const store = new MemoryAnalyticsStore({ maxRecords: ring, now: () => now, retention: { raw: '30d' } });
    let ingestMs = 0;
    for (let at = 0; at < n; at += 10_000) {
      const batch = syntheticRecords(at, Math.min(n, at + 10_000), n, now, 30);
      const t0 = performance.now();
      await store.append(batch);
      ingestMs += performance.now() - t0;
    }
    const rows = (await Promise.all((['minute', 'hour', 'day'] as const).map((level) => store.rollups({ level, from: 0, to: now + DAY })))).reduce((sum, list) => sum + list.length, 0);
    const perRow = (heap() - before - perThousand * (ring / 1000)) / rows;
    const q0 = performance.now();
    const result = await aggregate(store, { from: now - 30 * DAY, to: now, groupBy: ['model', 'tag:feature'] }, now);
    const queryMs = performance.now() - q0;
    if (result.totals.count !== n) throw new Error(`aggregate counted ${result.totals.count} of ${n} records`);
    const r0 = performance.now();
    const report = await buildReport(store, { from: now - 30 * DAY, to: now, groupBy: ['model', 'tag:feature'] }, now);
    const reportMs = performance.now() - r0;
    if (report.summary.totals.count !== n) throw new Error(`the report counted ${report.summary.totals.count} of ${n} records`);
    ctx.log();
    ctx.log(
      formatTable([
        ['memory store', 'value'],
        [`ingest of ${n.toLocaleString('en')} records (batches of 10,000)`, `${fixed(n / (ingestMs / 1000) / 1000, 0)}k records/s`],
        ['memory per 1,000 raw records (a ring of 100,000)', `${fixed(perThousand / 1024, 1)} KiB`],
        [`memory per roll-up row (${rows.toLocaleString('en')} rows: 16 series, 30 days at the default retention)`, `${fixed(perRow / 1024, 2)} KiB`],
        [`aggregate over ${n.toLocaleString('en')} records, 30 days, by model and tag`, `${fixed(queryMs, 1)} ms`],
        ['the whole report over them (aggregate, 3-hour series, daily trends, anomalies)', `${fixed(reportMs, 1)} ms`],
      ]),
    );
    await store.close();

    const stores = process.env['BENCH_ANALYTICS_STORES']?.split(',').map((s) => s.trim()) ?? ['sqlite', 'postgres'];
    await measureStores(ctx, stores);
  },
};
