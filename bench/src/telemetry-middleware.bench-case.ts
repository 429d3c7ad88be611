import { applyMiddleware, createChatModel, metricsMiddleware, tracingMiddleware, type ChatModel, type ChatTransport, type TransportStreamPart } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { BenchCase } from './bench-case.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';
import { fixed, formatTable } from './table.js';

const discard: SpanExporter = {
  export: (_spans: ReadableSpan[], done: (result: { code: 0 }) => void) => done({ code: 0 }),
  shutdown: () => Promise.resolve(),
};

/** A vendor that answers from memory: what remains is the framework's own CPU. */
const transport: ChatTransport = {
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  async doChat() {
    return { id: 'r', model: 'gpt-4o-mini-2024-07-18', text: 'hi', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } };
  },
  async *doStream(): AsyncGenerator<TransportStreamPart> {
    yield { type: 'metadata', id: 'r', model: 'gpt-4o-mini-2024-07-18' };
    for (let i = 0; i < STREAM_CHUNKS; i++) yield { type: 'text-delta', text: 'w ' };
    yield { type: 'usage', usage: { inputTokens: 10, outputTokens: STREAM_CHUNKS, totalTokens: 10 + STREAM_CHUNKS } };
    yield { type: 'finish', finishReason: 'stop' };
  },
};

const request: ChatRequest = { messages: [{ role: 'user', content: 'hello' }], maxTokens: 50 };

function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

async function perChat(model: ChatModel, n: number): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await model.chat(request);
  return (cpuMicros() - start) / n;
}

async function perStream(model: ChatModel, n: number): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < n; i++) for await (const _event of model.streamChat(request)) void _event;
  return (cpuMicros() - start) / n;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * The tracing and metrics middlewares' own CPU with the OpenTelemetry SDK recording (spans
 * batched and discarded, metrics aggregated), over a model that answers from memory: the
 * absolute cost they add to every request and chunk, free of socket and vendor-SDK noise.
 */
export const telemetryMiddlewareCase: BenchCase = {
  name: 'telemetry-middleware',
  title: 'Telemetry middlewares alone: CPU they add per request and per chunk with the OTEL SDK recording (in-memory model)',
  async run(ctx) {
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] });
    const meterProvider = new MeterProvider();
    const base = createChatModel(transport);
    const instrumented = applyMiddleware(base, tracingMiddleware({ tracerProvider }), metricsMiddleware({ meterProvider }));
    const rounds = ctx.quick ? 3 : 15;
    const chats = ctx.quick ? 500 : 4000;
    const streams = ctx.quick ? 20 : 200;
    await perChat(base, chats);
    await perChat(instrumented, chats);
    await perStream(base, streams / 4);
    await perStream(instrumented, streams / 4);
    const r = { baseChat: [] as number[], telChat: [] as number[], baseStream: [] as number[], telStream: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      r.baseChat.push(await perChat(base, chats));
      r.telChat.push(await perChat(instrumented, chats));
      r.baseStream.push(await perStream(base, streams));
      r.telStream.push(await perStream(instrumented, streams));
    }
    const chatAdded = median(r.telChat) - median(r.baseChat);
    const chunkAdded = (median(r.telStream) - median(r.baseStream)) / STREAM_CHUNKS;
    ctx.log(`${rounds} rounds of ${chats} calls and ${streams} streams of ${STREAM_CHUNKS} chunks per path; medians.`);
    ctx.log(
      formatTable([
          ['path', 'CPU µs/request', 'CPU µs/chunk'],
          ['in-memory model', fixed(median(r.baseChat), 1), fixed(median(r.baseStream) / STREAM_CHUNKS, 2)],
          ['+ tracing + metrics (SDK recording)', fixed(median(r.telChat), 1), fixed(median(r.telStream) / STREAM_CHUNKS, 2)],
          ['added by telemetry', fixed(chatAdded, 1), fixed(chunkAdded, 2)],
      ]),
    );
    ctx.log('Compare "added by telemetry" with the raw SDK CPU per request and per chunk of the openai-chat case.');
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  },
};
