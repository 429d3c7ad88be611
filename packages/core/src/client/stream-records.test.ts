import { LLMError } from '@llm/errors';
import { noopMetricsRecorder, type CallOutcome, type MetricsRecorder } from '@llm/metrics';
import type { StreamEvent, Usage } from '@llm/schema';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { InMemoryBudgetStore } from '../budget/index.js';
import { ClientConfigSchema } from '../config/index.js';
import { CostTracker, staticPriceTable, UsageTracker } from '../cost/index.js';
import { createJsonLogger } from '../logging/index.js';
import { applyMiddleware } from '../middleware/index.js';
import { createChatModel, type ChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { expectLLMError } from '../model/expect-llm-error.test-util.js';
import { defaultMiddlewareStack } from './client.js';

const hi = { messages: [{ role: 'user' as const, content: 'hi' }] };
const reported: Usage = { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 };

/** A stream that sends `parts` (all at once, as an SDK that had them buffered would), then fails with `error` (if any); it notes being closed. */
function scripted(parts: TransportStreamPart[], error?: LLMError): ChatTransport & { closed: boolean; sent: number } {
  const transport = {
    provider: 'fake',
    modelId: 'fake-model',
    closed: false,
    sent: 0,
    async doChat(): Promise<never> {
      throw new Error('streams only');
    },
    async *doStream(): AsyncGenerator<TransportStreamPart> {
      try {
        for (const part of parts) {
          transport.sent++;
          yield part;
        }
        if (error) throw error;
      } finally {
        transport.closed = true;
      }
    },
  };
  return transport;
}

class SettleRecordingStore extends InMemoryBudgetStore {
  readonly settled: number[] = [];
  override async settle(reservationId: string, actualUsd: number): Promise<void> {
    this.settled.push(actualUsd);
    return super.settle(reservationId, actualUsd);
  }
}

/** The full default stack (logging, tracing, metrics, retry, breaker, budget, rate limit, timeout, usage, cost) over `transport`. */
function fullStack(transport: ChatTransport) {
  const lines: Record<string, unknown>[] = [];
  const outcomes: CallOutcome[] = [];
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
  const metrics: MetricsRecorder = { ...noopMetricsRecorder, isEnabled: () => true, callEnded: (_a, outcome) => outcomes.push(outcome) };
  const usage = new UsageTracker();
  const costTracker = new CostTracker();
  const budgetStore = new SettleRecordingStore();
  const config = ClientConfigSchema.parse({
    provider: 'fake',
    model: 'fake-model',
    logging: { level: 'info' },
    retry: { maxRetries: 2, initialDelay: 1, maxDelay: 2 },
    rateLimit: { requestsPerMinute: 10_000 },
    timeouts: { idle: '30s' },
    cost: { maxBudget: 100, prices: { 'fake:fake-model': { input: 2, output: 4 } } },
  });
  const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const stack = defaultMiddlewareStack(config, { logger, usage, tracer, metrics, costTracker, budgetStore, priceTable: staticPriceTable({}) });
  const model: ChatModel = applyMiddleware(createChatModel(transport), ...stack);
  return { model, lines, outcomes, spans: () => exporter.getFinishedSpans(), usage, costTracker, budgetStore };
}

/** What reporting `reported` costs at the config's prices ($2 / $4 per million tokens). */
const reportedUsd = (1000 * 2 + 500 * 4) / 1e6;

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe('a stream that fails after the vendor reported usage', () => {
  it('records that usage everywhere a finished stream is recorded: usage and cost trackers, budget, metrics, span and log', async () => {
    const transport = scripted([{ type: 'text-delta', text: 'partial' }, { type: 'usage', usage: reported }], new LLMError({ code: 'overloaded', message: 'vendor overloaded mid-stream', status: 529 }));
    const s = fullStack(transport);
    const stream = s.model.streamChat(hi);
    const events: StreamEvent<undefined>[] = [];
    const err = await expectLLMError(
      (async () => {
        for await (const e of stream) events.push(e);
      })(),
    );
    expect(err.code).toBe('overloaded');
    // The caller saw the usage (priced), and output had reached it: the stream was not restarted.
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'usage']);
    expect(transport.sent).toBe(2);

    expect(s.usage.report().totals).toMatchObject({ requests: 1, inputTokens: 1000, outputTokens: 500, totalTokens: 1500 });
    expect(s.usage.report().totals.costUsd).toBeCloseTo(reportedUsd, 12);
    const costs = s.costTracker.report();
    expect(costs.totals).toMatchObject({ requests: 1, inputTokens: 1000, outputTokens: 500 });
    expect(costs.totals.costUsd).toBeCloseTo(reportedUsd, 12);
    await until(() => s.budgetStore.settled.length === 1);
    expect(s.budgetStore.settled[0]).toBeCloseTo(reportedUsd, 12);

    expect(s.outcomes).toHaveLength(1);
    expect(s.outcomes[0]).toMatchObject({ errorCode: 'overloaded', usage: { inputTokens: 1000, outputTokens: 500 } });
    expect(s.outcomes[0]!.usage?.cost?.totalUsd).toBeCloseTo(reportedUsd, 12);

    const [span] = s.spans();
    expect(span?.attributes).toMatchObject({ 'error.type': 'overloaded', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 500 });
    expect(span?.attributes['llm.cost.usd']).toBeCloseTo(reportedUsd, 12);

    const errorLine = s.lines.find((l) => l.msg === 'llm.error');
    expect(errorLine).toMatchObject({ code: 'overloaded', usage: { inputTokens: 1000, outputTokens: 500 } });
  });

  it('with no usage reported, the trackers record nothing and the budget settles its estimate', async () => {
    const transport = scripted([{ type: 'text-delta', text: 'partial' }], new LLMError({ code: 'network', message: 'connection reset' }));
    const s = fullStack(transport);
    expect((await expectLLMError(s.model.streamChat(hi).response)).code).toBe('network');
    expect(s.usage.report().totals.requests).toBe(0);
    expect(s.costTracker.report().totals.requests).toBe(0);
    await until(() => s.budgetStore.settled.length === 1);
    expect(s.budgetStore.settled[0]).toBeGreaterThan(0);
    expect(s.outcomes[0]).toEqual(expect.objectContaining({ errorCode: 'network' }));
    expect(s.outcomes[0]!.usage).toBeUndefined();
  });
});

describe('after the caller aborts a stream', () => {
  const parts: TransportStreamPart[] = [
    { type: 'metadata', id: 'r1', model: 'fake-model' },
    { type: 'text-delta', text: 'a' },
    { type: 'text-delta', text: 'b' },
    { type: 'text-delta', text: 'c' },
    { type: 'usage', usage: reported },
    { type: 'finish', finishReason: 'stop' },
  ];

  for (const [name, build] of [
    ['the bare model', (t: ChatTransport) => createChatModel(t)],
    ['the full default stack', (t: ChatTransport) => fullStack(t).model],
  ] as const) {
    it(`no event already buffered, and no finish, reaches the caller (${name}); the vendor stream is closed`, async () => {
      const transport = scripted(parts);
      const controller = new AbortController();
      const stream = build(transport).streamChat(hi, { signal: controller.signal });
      const seen: string[] = [];
      const err = await expectLLMError(
        (async () => {
          for await (const e of stream) {
            seen.push(e.type);
            if (e.type === 'text-delta') controller.abort();
          }
        })(),
      );
      expect(err.code).toBe('canceled');
      expect(seen).toEqual(['text-delta']);
      expect((await expectLLMError(stream.response)).code).toBe('canceled');
      await until(() => transport.closed);
    });

    it(`a stream aborted with only its finish left ends canceled, never answered (${name})`, async () => {
      const transport = scripted([{ type: 'text-delta', text: 'all of it' }, { type: 'finish', finishReason: 'stop' }]);
      const stream = build(transport).streamChat(hi);
      const seen: string[] = [];
      const err = await expectLLMError(
        (async () => {
          for await (const e of stream) {
            seen.push(e.type);
            stream.abort();
          }
        })(),
      );
      expect(err.code).toBe('canceled');
      expect(seen).toEqual(['text-delta']);
      await until(() => transport.closed);
    });
  }

  it('a signal aborted before reading opens nothing', async () => {
    const transport = scripted(parts);
    const stream = createChatModel(transport).streamChat(hi, { signal: AbortSignal.abort() });
    expect((await expectLLMError(stream.response)).code).toBe('canceled');
    expect(transport.sent).toBe(0);
  });

  it('an abort after the finish changes nothing', async () => {
    const controller = new AbortController();
    const stream = createChatModel(scripted(parts)).streamChat(hi, { signal: controller.signal });
    const seen: string[] = [];
    for await (const e of stream) seen.push(e.type);
    controller.abort();
    expect(seen.at(-1)).toBe('finish');
    expect((await stream.response).text).toBe('abc');
  });
});
