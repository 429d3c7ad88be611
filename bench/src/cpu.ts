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

async function block(contender: Contender, n: number): Promise<number> {
  collectGarbage();
  const start = cpuMicros();
  for (let i = 0; i < n; i++) await contender.once();
  return (cpuMicros() - start) / n;
}

/**
 * Measures each contender's client-process CPU per call, in alternating blocks (the order
 * rotates every round) so drift in machine load falls on all of them alike.
 */
export async function interleave(contenders: readonly Contender[], options: InterleaveOptions): Promise<ContenderResult[]> {
  for (const c of contenders) for (let i = 0; i < options.warmup; i++) await c.once();
  const rounds: number[][] = contenders.map(() => []);
  for (let r = 0; r < options.rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + r) % contenders.length;
      rounds[index]!.push(await block(contenders[index]!, options.perBlock));
    }
  }
  return contenders.map((c, i) => ({ name: c.name, cpuPerCall: median(rounds[i]!), rounds: rounds[i]!, calls: options.rounds * options.perBlock }));
}
