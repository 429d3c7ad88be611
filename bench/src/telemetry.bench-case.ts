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
 * The raw SDK, the default client with telemetry off, and the default client with the
 * OpenTelemetry SDK registered globally (spans batched and discarded, metrics aggregated), each
 * in a process of its own (see contender-process.ts), interleaved block by block.
 */
export const telemetryCase: BenchCase = {
  name: 'telemetry',
  title: 'Telemetry overhead: default client, OpenTelemetry off vs SDK installed (client-process CPU)',
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
    ];
    let spans = 0;
    const measure = async (mode: 'json' | 'stream', baseUrl: string, options: typeof counts.json): Promise<ContenderResult[]> => {
      const runners = await Promise.all(specs(mode, baseUrl).map((spec) => startContenderProcess(spec)));
      try {
        const results = await interleaveRunners(runners, options);
        spans += await runners[2]!.spans();
        return results;
      } finally {
        await Promise.all(runners.map((r) => r.close()));
      }
    };
    const jsonResults = await measure('json', jsonBaseUrl, counts.json);
    const streamResults = await measure('stream', streamBaseUrl, counts.stream);
    if (spans === 0) throw new Error('benchmark self-check failed: the OTEL SDK recorded no span');

    const rows = (mode: string, results: ContenderResult[], perChunk: boolean): string[][] => {
      const [raw, off, on] = results as [ContenderResult, ContenderResult, ContenderResult];
      const onOff = pairedRatio(on, off);
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
      ];
    };
    ctx.log(`${jsonResults[0]!.calls} requests (${counts.json.rounds} rounds) and ${streamResults[0]!.calls} streams per path, each path in its own process; ${spans} spans recorded and discarded.`);
    ctx.log(
      formatTable([
        ['path', 'mode', 'CPU µs/request', 'CPU µs/chunk', 'vs raw', 'on/off', 'middle half', 'target'],
        ...rows('non-streaming', jsonResults, false),
        ...rows('stream, burst', streamResults, true),
      ]),
    );
  },
};
