/**
 * Takes the screenshot of the analytics dashboard for docs/analytics.md: four days of seeded
 * synthetic calls of three models (a latency spike, an error burst and a price change injected),
 * reported with `buildReport` and `reportToHtml`. Needs Chromium (CHROMIUM_PATH).
 * Usage: pnpm --filter @llm/analytics screenshot [out.png]
 */
import { fileURLToPath } from 'node:url';
import { screenshotPage } from '@llm/tooling/browser';
import { buildReport, MemoryAnalyticsStore, reportToHtml } from '../src/index.js';
import { SAMPLE_STEP, sampleCalls } from '../src/dashboard/sample-calls.test-util.js';

const out = process.argv[2] ?? fileURLToPath(new URL('../../../docs/images/analytics-dashboard.png', import.meta.url));
const START = Date.parse('2026-03-15T00:00:00Z');
const NOW = START + 4 * 86_400_000;
const day3 = START + 3 * 86_400_000;
const records = sampleCalls(
  [
    { provider: 'openai', model: 'gpt-4o-mini', callsPerStep: 20, latencyMs: 800, errorRate: 0.02, inputPrice: 0.15, spike: { at: day3 + 10 * SAMPLE_STEP, factor: 4 }, burst: { at: day3 + 40 * SAMPLE_STEP, rate: 0.5 } },
    { provider: 'anthropic', model: 'claude-sonnet-4-5', callsPerStep: 8, latencyMs: 2400, errorRate: 0.01, inputPrice: 3, streamed: true, priceChange: { at: day3 + 60 * SAMPLE_STEP, factor: 1.5 } },
    { provider: 'google', model: 'gemini-2.5-flash', callsPerStep: 12, latencyMs: 1100, errorRate: 0.005, inputPrice: 0.3, streamed: true },
  ],
  START,
  4,
);
const store = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 0, retention: { minute: '14d' } });
for (const r of records) store.appendOne(r);
const report = await buildReport(store, { from: START, to: NOW, trendGranularity: '6h' }, NOW);
await screenshotPage({ html: reportToHtml(report, { title: 'LLM calls, 15-18 March' }), out, width: 1440, height: 1500 });
console.log(`wrote ${out}`);
