import type { VendorContenderSpec } from './contender-protocol.js';
import type { Contender } from './cpu.js';
import { STREAM_CHUNKS } from './fake-server-protocol.js';
import { vendorCall } from './vendor-paths.js';

/** A vendor-streams contender: one call per `once()`; streams note their time to the first chunk in `firsts`. */
export function vendorContender(spec: VendorContenderSpec): Contender & { verify(): Promise<void>; firsts: number[] } {
  const call = vendorCall(spec.vendor, spec.path, spec.baseUrl, spec.apiKey);
  const firsts: number[] = [];
  const fail = (message: string) => new Error(`benchmark self-check failed: ${spec.label}: ${message}`);
  if (spec.mode === 'json') {
    return {
      name: spec.label,
      firsts,
      once: async () => void (await call.json()),
      verify: async () => {
        if ((await call.json()).length === 0) throw fail('the reply has no text');
      },
    };
  }
  return {
    name: spec.label,
    firsts,
    once: async () => void firsts.push((await call.stream()).firstMs),
    verify: async () => {
      const { chunks } = await call.stream();
      if (chunks !== STREAM_CHUNKS) throw fail(`the stream had ${chunks} text chunks, expected ${STREAM_CHUNKS}`);
    },
  };
}
