import type { BenchCase } from './bench-case.js';
import { steadyStateCounts } from './bench-case.js';
import { startContenderProcess } from './contender-process.js';
import type { ContenderSpec } from './contender-protocol.js';
import { interleaveRunners, type ContenderResult } from './cpu.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';
import { PATH_LABELS } from './openai-contenders.js';
import { fixed, formatTable } from './table.js';
import { pairedRatio, ratioSpread, verdict } from './verdict.js';

/** Observability target: telemetry with an SDK installed costs at most 10% more CPU per request than with it off. */
const TARGET = 1.1;

/**
 * The raw SDK, the default client with telemetry off, the default client with the OpenTelemetry
 * SDK registered globally (spans batched and discarded, metrics aggregated), and the opt-in: the
 * same SDK, the client recording with `withMetrics(createOtelMetricsRecorder({ meterProvider,
 * histograms }))` so that its GenAI histograms are kept by `@llm/metrics` and read by the SDK's
 * reader through `@llm/metrics/sdk`'s producer. Each in a process of its own (see
 * contender-process.ts), interleaved block by block; both SDK rows get an on/off ratio against
 * telemetry off.
 */
export const telemetryCase: BenchCase = {
  name: 'telemetry',
  title: 'Telemetry overhead: default client, OpenTelemetry off vs SDK installed, default and with kept histograms (client-process CPU)',
  async run(ctx) {
    // Steady state (see steadyStateCounts). The on/off gap (~5%) is smaller than one block's noise on
    // a shared VM (same-round ratios spread from about 0.7 to 1.5), so this case takes 120 rounds.
    const base = steadyStateCounts(ctx.quick);
    const counts = ctx.quick ? base : { ...base, json: { ...base.json, rounds: 120 } };
    const { apiKey, jsonBaseUrl, streamBaseUrl } = ctx.servers;
    const specs = (mode: 'json' | 'stream', baseUrl: string): ContenderSpec[] => [
      { mode, kind: 'raw', options: { apiKey, baseUrl }, label: PATH_LABELS.raw },
      { mode, kind: 'client', options: { apiKey, baseUrl, clientConfig: { telemetry: { enabled: false } } }, label: 'createOpenAI, telemetry off' },
      { mode, kind: 'client', options: { apiKey, baseUrl }, label: 'createOpenAI, OTEL SDK installed', otelSdk: true },
      { mode, kind: 'client', options: { apiKey, baseUrl }, label: 'createOpenAI, OTEL SDK installed, histograms kept (opt-in)', otelSdk: true, keptHistograms: true },
    ];
    let spans = 0;
    let keptSpans = 0;
    let keptPoints = 0;
    const measure = async (mode: 'json' | 'stream', baseUrl: string, options: typeof counts.json): Promise<ContenderResult[]> => {
      const runners = await Promise.all(specs(mode, baseUrl).map((spec) => startContenderProcess(spec)));
      try {
        const results = await interleaveRunners(runners, options);
        spans += (await runners[2]!.stats()).spans;
        const kept = await runners[3]!.stats();
        keptSpans += kept.spans;
        keptPoints += kept.keptHistogramPoints;
        return results;
      } finally {
        await Promise.all(runners.map((r) => r.close()));
      }
    };
    const jsonResults = await measure('json', jsonBaseUrl, counts.json);
    const streamResults = await measure('stream', streamBaseUrl, counts.stream);
    if (spans === 0) throw new Error('benchmark self-check failed: the OTEL SDK recorded no span');
    if (keptSpans === 0) throw new Error('benchmark self-check failed: the OTEL SDK recorded no span for the kept-histograms client');
    // One collection per mode at the end: the JSON process exports duration and token usage, the stream one time to first chunk and per chunk too.
    if (keptPoints === 0) throw new Error('benchmark self-check failed: the SDK reader got no point from the kept histograms');

    const rows = (mode: string, results: ContenderResult[], perChunk: boolean): string[][] => {
      const [raw, off, on, kept] = results as [ContenderResult, ContenderResult, ContenderResult, ContenderResult];
      const onOff = pairedRatio(on, off);
      const keptOff = pairedRatio(kept, off);
      return [
        [raw.name, mode, fixed(raw.cpuPerCall), perChunk ? fixed(raw.cpuPerCall / STREAM_CHUNKS, 2) : '-', '1.00', '', '', ''],
        [off.name, mode, fixed(off.cpuPerCall), perChunk ? fixed(off.cpuPerCall / STREAM_CHUNKS, 2) : '-', fixed(pairedRatio(off, raw), 2), '', '', ''],
        [
          on.name,
          mode,
          fixed(on.cpuPerCall),
          perChunk ? fixed(on.cpuPerCall / STREAM_CHUNKS, 2) : '-',
          fixed(pairedRatio(on, raw), 2),
          fixed(onOff, 2),
          ratioSpread(on, off),
          perChunk ? '' : verdict(onOff, TARGET),
        ],
        [
          kept.name,
          mode,
          fixed(kept.cpuPerCall),
          perChunk ? fixed(kept.cpuPerCall / STREAM_CHUNKS, 2) : '-',
          fixed(pairedRatio(kept, raw), 2),
          fixed(keptOff, 2),
          ratioSpread(kept, off),
          perChunk ? '' : verdict(keptOff, TARGET),
        ],
      ];
    };
    ctx.log(
      `${jsonResults[0]!.calls} requests (${counts.json.rounds} rounds) and ${streamResults[0]!.calls} streams per path, each path in its own process; ${spans} + ${keptSpans} spans recorded and discarded; ${keptPoints} kept-histogram points collected by the SDK reader.`,
    );
    ctx.log('on/off: against telemetry off. The default row is what an application with an SDK gets; the "histograms kept (opt-in)" row needs createOtelMetricsRecorder({ meterProvider, histograms }) and the producer on its reader.');
    ctx.log(
      formatTable([
        ['path', 'mode', 'CPU µs/request', 'CPU µs/chunk', 'vs raw', 'on/off', 'middle half', 'target'],
        ...rows('non-streaming', jsonResults, false),
        ...rows('stream, burst', streamResults, true),
      ]),
    );
  },
};
