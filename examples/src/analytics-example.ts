/**
 * Analytics, offline, against the fake OpenAI server from @llm/mocks (the real openai SDK over HTTP
 * on 127.0.0.1): record every call and attempt of a client, then read them back as a report
 * (Markdown), the single-file HTML dashboard, and the observed numbers `@llm/recommend` ranks by.
 *
 * Run: `npx tsx examples/src/analytics-example.ts [dashboard.html]` (or through its test).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalytics, reportToHtml, reportToMarkdown, type AnalyticsReport } from '@llm/analytics';
import { startFakeOpenAIServer } from '@llm/mocks';
import { createOpenAI } from '@llm/openai';
import { observedFromAnalytics, type ObservedPerformance } from '@llm/recommend';

export interface AnalyticsExampleResult {
  report: AnalyticsReport;
  /** What `@llm/recommend` ranks by, per `provider:model`. */
  observed: Record<string, ObservedPerformance>;
  markdown: string;
  /** Where the dashboard was written. */
  htmlPath: string;
}

export async function runAnalyticsExample(log: (line: string) => void = console.log, htmlPath?: string): Promise<AnalyticsExampleResult> {
  const server = await startFakeOpenAIServer();
  const analytics = createAnalytics();
  try {
    const client = createOpenAI(
      { apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'gpt-4o-mini', logging: { level: 'silent' }, retry: { maxRetries: 1, initialDelay: 1, maxDelay: 2 } },
      analytics.clientOption(),
    );
    const ask = (feature: string) => ({ messages: [{ role: 'user' as const, content: 'Classify this ticket.' }], tags: { feature } });
    const usage = { inputTokens: 1200, outputTokens: 80 };
    for (let i = 0; i < 8; i++) {
      server.enqueue({ kind: 'text', text: 'billing', usage });
      await client.chat(ask(i % 2 ? 'search' : 'triage'));
    }
    // One call that the vendor overloads once (the retry answers: one call, two attempts),
    // one that fails outright, and a stream.
    server.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'billing', usage });
    await client.chat(ask('triage'));
    server.enqueue({ kind: 'error', error: 'invalid_request' });
    await client.chat(ask('triage')).catch((err: unknown) => log(`failed as expected: ${(err as Error).message}`));
    server.enqueue({ kind: 'text', text: 'a longer streamed answer', usage });
    for await (const event of client.streamChat(ask('search'))) if (event.type === 'finish') log('stream finished');

    const window = { from: Date.now() - 3_600_000, to: Date.now() + 60_000 };
    const report = await analytics.report({ ...window, groupBy: ['model', 'tag:feature'] });
    const markdown = reportToMarkdown(report);
    log(markdown);
    const path = htmlPath ?? join(mkdtempSync(join(tmpdir(), 'llm-analytics-example-')), 'dashboard.html');
    writeFileSync(path, reportToHtml(report, { title: 'LLM calls (example)' }));
    log(`dashboard written to ${path}`);
    // What production looked like per model, as recommend(candidates, { observed }) takes it.
    const observed = observedFromAnalytics(await analytics.aggregate(window));
    log(JSON.stringify(observed));
    return { report, observed, markdown, htmlPath: path };
  } finally {
    await analytics.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) void runAnalyticsExample(console.log, process.argv[2]);
