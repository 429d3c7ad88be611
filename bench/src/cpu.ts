/** CPU time of this process (user + system), in microseconds. */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

const maybeGc = (globalThis as { gc?: () => void }).gc;

/** Collects garbage (when run with --expose-gc) so one block's garbage is not billed to the next. */
export function collectGarbage(): void {
  maybeGc?.();
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The value below which a fraction `q` (0..1) of `values` lie (linear interpolation). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** One contender: `once` makes one call (one request, or one whole stream). */
export interface Contender {
  name: string;
  once: () => Promise<void>;
}

export interface InterleaveOptions {
  /** Calls before measuring, per contender (JIT warm-up, connection set-up). */
  warmup: number;
  /** Warm the contenders up at the same time (each runs in a process of its own): a long warm-up in less wall time. */
  warmupTogether?: boolean;
  /** Measured blocks per contender; the result is the median over blocks. */
  rounds: number;
  /** Calls per block. */
  perBlock: number;
}

export interface ContenderResult {
  name: string;
  /** Median over rounds of CPU µs per call. */
  cpuPerCall: number;
  /** Every round's CPU µs per call, in order. */
  rounds: number[];
  calls: number;
}

/** Something that runs measured blocks of calls: in this process, or in a process of its own. */
export interface BlockRunner {
  name: string;
  /** Calls before measuring (JIT warm-up, connection set-up). */
  warmup(n: number): Promise<void>;
  /** CPU µs per call over `n` calls, garbage collected first. */
  block(n: number): Promise<number>;
}

/** Runs a block of `n` calls in this process and returns its CPU µs per call. */
export async function measureBlock(contender: Contender, n: number): Promise<number> {
  collectGarbage();
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await contender.once();
  return (cpuMicros() - start) / n;
}

function localRunner(contender: Contender): BlockRunner {
  return {
    name: contender.name,
    warmup: async (n) => {
      for (let i = 0; i < n; i++) await contender.once();
    },
    block: (n) => measureBlock(contender, n),
  };
}

/**
 * Measures each runner's CPU per call, in alternating blocks (the order rotates every round) so
 * drift in machine load falls on all of them alike.
 */
export async function interleaveRunners(runners: readonly BlockRunner[], options: InterleaveOptions): Promise<ContenderResult[]> {
  if (options.warmupTogether) await Promise.all(runners.map((r) => r.warmup(options.warmup)));
  else for (const r of runners) await r.warmup(options.warmup);
  const rounds: number[][] = runners.map(() => []);
  for (let r = 0; r < options.rounds; r++) {
    for (let k = 0; k < runners.length; k++) {
      const index = (k + r) % runners.length;
      rounds[index]!.push(await runners[index]!.block(options.perBlock));
    }
  }
  return runners.map((c, i) => ({ name: c.name, cpuPerCall: median(rounds[i]!), rounds: rounds[i]!, calls: options.rounds * options.perBlock }));
}

/** The contenders in this process, interleaved (they share one JIT: see contender-process.ts). */
export function interleave(contenders: readonly Contender[], options: InterleaveOptions): Promise<ContenderResult[]> {
  return interleaveRunners(contenders.map(localRunner), options);
}
