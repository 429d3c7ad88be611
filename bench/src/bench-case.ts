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
