import type { FakeServers } from './fake-server-process.js';

export interface BenchContext {
  /** The fake OpenAI servers, in their own process. */
  servers: FakeServers;
  /** Fewer iterations: a smoke run, not a measurement. */
  quick: boolean;
  /** Print every round's numbers too. */
  verbose: boolean;
  log(line?: string): void;
}

/** One benchmark: a file `<name>.bench-case.ts`, registered in run.ts. */
export interface BenchCase {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<void>;
}

/** Iteration counts for request/stream benchmarks, scaled down with --quick. */
export function chatCounts(quick: boolean): {
  json: { warmup: number; rounds: number; perBlock: number };
  stream: { warmup: number; rounds: number; perBlock: number };
  paced: { warmup: number; rounds: number; perBlock: number };
} {
  return quick
    ? { json: { warmup: 50, rounds: 3, perBlock: 50 }, stream: { warmup: 5, rounds: 3, perBlock: 5 }, paced: { warmup: 2, rounds: 3, perBlock: 2 } }
    : { json: { warmup: 300, rounds: 40, perBlock: 50 }, stream: { warmup: 30, rounds: 30, perBlock: 10 }, paced: { warmup: 3, rounds: 16, perBlock: 2 } };
}

/**
 * Counts for cases whose contenders each run in a process of their own, measured in steady state.
 * V8 keeps compiling (TurboFan, on background threads that `process.cpuUsage()` counts) functions
 * that run once per request or per stream for the first few thousand of them — undici's, the
 * openai SDK's, the OTEL SDK's, ours — and the path with more code pays more of it early
 * (`node --trace-opt`: ~300 compilations between requests 1500 and 4500 with the OTEL SDK on, ~30
 * between 6000 and 9000). So each process first makes 6000 requests or 1000 streams, the
 * contenders at once. Paced streams (slow by design) keep a short warm-up.
 */
export function steadyStateCounts(quick: boolean): ReturnType<typeof chatCounts> & {
  json: { warmupTogether?: boolean };
  stream: { warmupTogether?: boolean };
} {
  const counts = chatCounts(quick);
  if (quick) return counts;
  return { ...counts, json: { ...counts.json, warmup: 6000, warmupTogether: true }, stream: { ...counts.stream, warmup: 1000, warmupTogether: true } };
}
