import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { BenchCase } from './bench-case.js';
import { chatCounts } from './bench-case.js';
import { interleave, type ContenderResult } from './cpu.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';
import { jsonContender, PATH_LABELS, streamContender, type PathOptions } from './openai-contenders.js';
import { fixed, formatTable } from './table.js';
import { pairedRatio } from './verdict.js';

/** Takes finished spans and drops them: the SDK's whole recording path runs, nothing is sent. */
class DiscardingExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.spans += spans.length;
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A reader that is never collected: instruments record into the SDK's aggregators as in production. */
class IdleReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The default client with its telemetry middlewares off (`telemetry.enabled: false`) vs on with
 * the OpenTelemetry SDK registered globally (spans batched and discarded, metrics aggregated).
 */
export const telemetryCase: BenchCase = {
  name: 'telemetry',
  title: 'Telemetry overhead: default client, OpenTelemetry off vs SDK installed (client-process CPU)',
  async run(ctx) {
    const counts = chatCounts(ctx.quick);
    const exporter = new DiscardingExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
    const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
    trace.setGlobalTracerProvider(tracerProvider);
    metrics.setGlobalMeterProvider(meterProvider);
    try {
      const { apiKey, jsonBaseUrl, streamBaseUrl } = ctx.servers;
      const paths = (baseUrl: string): Array<[string, 'raw' | 'client', PathOptions]> => [
        [PATH_LABELS.raw, 'raw', { apiKey, baseUrl }],
        ['createOpenAI, telemetry off', 'client', { apiKey, baseUrl, clientConfig: { telemetry: { enabled: false } } }],
        ['createOpenAI, OTEL SDK installed', 'client', { apiKey, baseUrl }],
      ];
      const json = paths(jsonBaseUrl).map(([label, kind, options]) => jsonContender(kind, options, label));
      for (const c of json) await c.verify();
      const jsonResults = await interleave(json, counts.json);
      const streams = paths(streamBaseUrl).map(([label, kind, options]) => streamContender(kind, options, label));
      for (const c of streams) await c.verify();
      const streamResults = await interleave(streams, counts.stream);
      await tracerProvider.forceFlush();
      if (exporter.spans === 0) throw new Error('benchmark self-check failed: the OTEL SDK recorded no span');

      const rows = (mode: string, results: ContenderResult[], perChunk: boolean): string[][] => {
        const [raw, off, on] = results as [ContenderResult, ContenderResult, ContenderResult];
        return [
          [raw.name, mode, fixed(raw.cpuPerCall), perChunk ? fixed(raw.cpuPerCall / STREAM_CHUNKS, 2) : '-', '1.00', ''],
          [off.name, mode, fixed(off.cpuPerCall), perChunk ? fixed(off.cpuPerCall / STREAM_CHUNKS, 2) : '-', fixed(pairedRatio(off, raw), 2), ''],
          [on.name, mode, fixed(on.cpuPerCall), perChunk ? fixed(on.cpuPerCall / STREAM_CHUNKS, 2) : '-', fixed(pairedRatio(on, raw), 2), fixed(pairedRatio(on, off), 2)],
        ];
      };
      ctx.log(`${jsonResults[0]!.calls} requests and ${streamResults[0]!.calls} streams per path; ${exporter.spans} spans recorded and discarded.`);
      ctx.log(
        formatTable([
          ['path', 'mode', 'CPU µs/request', 'CPU µs/chunk', 'vs raw', 'on/off'],
          ...rows('non-streaming', jsonResults, false),
          ...rows('stream, burst', streamResults, true),
        ]),
      );
    } finally {
      trace.disable();
      metrics.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    }
  },
};
