/**
 * OpenTelemetry with no instrumentation code: register an SDK (here a bare tracer provider and
 * meter provider), then use a client as usual. Every model call becomes a `chat <model>` span
 * (covering its retries, each retried attempt an `llm.retry` event on it) and GenAI metric points.
 *
 * Runs offline: the client talks to the built-in fake OpenAI server, and spans and metrics go to
 * in-memory exporters whose content is printed (or to the console with `--console`). To send
 * them to a collector or Prometheus instead, see docs/observability.md.
 */
import { createAsyncContextManager } from '@llm/tracing';
import { startFakeOpenAIServer } from '@llm/mocks';
import { createOpenAI } from '@llm/openai';
import { context, metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  ConsoleMetricExporter,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, ConsoleSpanExporter, InMemorySpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

export interface Telemetry {
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What an application does once at start-up (the Node SDK's `NodeSDK.start()` does the same). */
export function startTelemetry(spanExporter: SpanExporter, metricExporter: PushMetricExporter): Telemetry {
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  context.setGlobalContextManager(createAsyncContextManager());
  trace.setGlobalTracerProvider(tracerProvider);
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 10_000 })] });
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    flush: async () => {
      await tracerProvider.forceFlush();
      await meterProvider.forceFlush();
    },
    shutdown: async () => {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

export async function runOtelExample(log: (line: string) => void = console.log, useConsole = false): Promise<void> {
  const spans = new InMemorySpanExporter();
  const points = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const telemetry = useConsole ? startTelemetry(new ConsoleSpanExporter(), new ConsoleMetricExporter()) : startTelemetry(spans, points);
  const server = await startFakeOpenAIServer();
  try {
    // No telemetry code below this line: the client's default stack finds the registered SDK.
    const client = createOpenAI({ apiKey: server.apiKey, baseUrl: server.baseUrl, model: 'gpt-4o-mini', logging: { level: 'silent' }, retry: { initialDelay: '10ms' } });
    server.enqueue(
      { kind: 'text', text: 'Paris.', usage: { inputTokens: 14, outputTokens: 2 } },
      { kind: 'text', text: 'One, two, three.', usage: { inputTokens: 10, outputTokens: 6 } },
      { kind: 'error', error: 'overloaded' },
      { kind: 'text', text: 'Recovered.', usage: { inputTokens: 9, outputTokens: 2 } },
    );
    await client.chat({ messages: [{ role: 'user', content: 'Capital of France?' }], maxTokens: 20 });
    await client.streamChat({ messages: [{ role: 'user', content: 'Count to three.' }] }).response;
    await client.chat({ messages: [{ role: 'user', content: 'Try again' }] }); // the first attempt fails, the retry answers
    await telemetry.flush();
    if (useConsole) return;

    log('Spans:');
    for (const s of spans.getFinishedSpans()) {
      const a = s.attributes;
      const outcome = a['error.type'] ? `error.type=${String(a['error.type'])}` : `tokens ${String(a['gen_ai.usage.input_tokens'])}/${String(a['gen_ai.usage.output_tokens'])}`;
      log(`  ${s.name}  [${String(a['gen_ai.provider.name'])}, stream=${String(a['gen_ai.request.stream'] === true)}] ${outcome}${s.events.length ? `, events: ${s.events.map((e) => e.name).join(', ')}` : ''}`);
    }
    log('Metrics:');
    const exported = points.getMetrics().at(-1);
    for (const m of exported?.scopeMetrics.flatMap((sm) => sm.metrics) ?? []) {
      const total = m.dataPoints.reduce((n, p) => n + (typeof p.value === 'number' ? p.value : ((p.value as { count?: number }).count ?? 0)), 0);
      log(`  ${m.descriptor.name} (${m.descriptor.unit || '1'}): ${m.dataPoints.length} series, ${total} ${typeof m.dataPoints[0]?.value === 'number' ? 'total' : 'observations'}`);
    }
  } finally {
    await server.close();
    await telemetry.shutdown();
  }
}
