import { describe, expect, it } from 'vitest';
import { runOtelExample } from './otel-example.js';

describe('OpenTelemetry example', () => {
  it('records a span per call (covering its retries) and the GenAI metrics, with no instrumentation code', async () => {
    const lines: string[] = [];
    await runOtelExample((line) => lines.push(line));
    const spans = lines.filter((l) => l.startsWith('  chat '));
    expect(spans).toEqual([
      '  chat gpt-4o-mini  [openai, stream=false] tokens 14/2',
      '  chat gpt-4o-mini  [openai, stream=true] tokens 10/6, events: llm.first_chunk',
      '  chat gpt-4o-mini  [openai, stream=false] tokens 9/2, events: llm.retry',
    ]);
    const printed = lines.join('\n');
    expect(printed).toContain('gen_ai.client.operation.duration (s): 1 series, 3 observations');
    expect(printed).toContain('gen_ai.client.token.usage ({token})');
    expect(printed).toContain('gen_ai.client.operation.time_to_first_chunk (s): 1 series, 1 observations');
    expect(printed).toContain('llm.retries ({retry}): 1 series, 1 total');
  });
});
