/** A contender in a process of its own: builds it from a spec, then runs the blocks it is asked for. */
import { withMetrics } from '@llm/core';
import { createOtelMetricsRecorder } from '@llm/metrics';
import type { FromContender, ToContender } from './contender-protocol.js';
import { measureBlock } from './cpu.js';
import { jsonContender, streamContender } from './openai-contenders.js';
import { registerOtelSdk } from './otel-sinks.js';
import { vendorContender } from './vendor-contender.js';

type Built = ReturnType<typeof jsonContender> & { firsts?: number[] };
let contender: Built | undefined;
let sdk: ReturnType<typeof registerOtelSdk> | undefined;

function reply(message: FromContender): void {
  process.send?.(message);
}

// A parent that dies (or is killed) takes its contenders with it.
process.on('disconnect', () => process.exit(0));

process.on('message', (message: ToContender) => {
  void (async () => {
    try {
      switch (message.type) {
        case 'init': {
          const spec = message.spec;
          if ('vendor' in spec) {
            contender = vendorContender(spec);
          } else {
            const { mode, kind, label, otelSdk, keptHistograms } = spec;
            if (keptHistograms && !otelSdk) throw new Error('keptHistograms needs otelSdk: the kept histograms are read by the registered SDK');
            if (otelSdk) sdk = registerOtelSdk({ keptHistograms });
            const histograms = sdk?.histograms;
            const options = histograms ? { ...spec.options, clientOptions: [withMetrics(createOtelMetricsRecorder({ meterProvider: sdk!.meterProvider, histograms }))] } : spec.options;
            contender = mode === 'json' ? jsonContender(kind, options, label) : streamContender(kind, options, label);
          }
          await contender.verify();
          reply({ type: 'ready', name: contender.name });
          break;
        }
        case 'warmup':
          for (let i = 0; i < message.n; i++) await contender!.once();
          // Times to first chunk count from the measured blocks on.
          if (contender?.firsts) contender.firsts.length = 0;
          reply({ type: 'done' });
          break;
        case 'block':
          reply({ type: 'cpu', perCall: await measureBlock(contender!, message.n) });
          break;
        case 'stats':
          await sdk?.flush();
          reply({ type: 'stats', spans: sdk?.exporter.spans ?? 0, keptHistogramPoints: (await sdk?.keptHistogramPoints()) ?? 0 });
          break;
        case 'firsts':
          reply({ type: 'firsts', ms: contender?.firsts ?? [] });
          break;
        case 'close':
          process.exit(0);
      }
    } catch (err) {
      reply({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  })();
});
