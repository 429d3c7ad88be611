import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { BenchCase } from './bench-case.js';
import { median, quantile } from './cpu.js';
import { fixed, formatTable } from './table.js';

/** The CLI issue's goal for `llm --version` on this machine. */
const GOAL_MS = 150;

/** The built `llm` (`@llm/cli` is a workspace dependency of the bench: built before it). */
function llmBin(): string {
  return fileURLToPath(new URL('./bin.js', import.meta.resolve('@llm/cli')));
}

/** Wall time of one run of `node ...args`, in ms; throws unless it exits 0 with the expected output. */
function runOnce(args: string[], expect: RegExp): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
  const ms = performance.now() - started;
  if (run.status !== 0 || !expect.test(run.stdout)) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stdout}${run.stderr}`);
  return ms;
}

/** `llm --version` against a bare `node -e 0`, started the same way, interleaved. */
export const cliStartupCase: BenchCase = {
  name: 'cli-startup',
  title: `llm --version: wall time of a whole process start, against node -e 0 (goal: under ${GOAL_MS} ms)`,
  async run(ctx) {
    const bin = llmBin();
    const contenders: Array<[string, string[], RegExp]> = [
      ['node -e 0', ['-e', 'process.stdout.write("ok")'], /^ok$/],
      ['llm --version', [bin, '--version'], /^\d+\.\d+\.\d+/],
    ];
    const rounds = ctx.quick ? 5 : 40;
    for (const [, args, expect] of contenders) for (let i = 0; i < 3; i++) runOnce(args, expect);
    const times: number[][] = contenders.map(() => []);
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < contenders.length; k++) {
        const i = (k + r) % contenders.length;
        const [, args, expect] = contenders[i]!;
        times[i]!.push(runOnce(args, expect));
      }
    }
    ctx.log(`${rounds} runs each, interleaved, after 3 warm-up runs (disk cache); wall time from spawn to exit; load average ${os.loadavg()[0]!.toFixed(1)} (on a loaded machine both columns grow).`);
    ctx.log(
      formatTable([
        ['command', 'p50 ms', 'p90 ms', 'over node -e 0 (p50)', 'goal'],
        ...contenders.map(([name], i) => [
          name,
          fixed(median(times[i]!), 1),
          fixed(quantile(times[i]!, 0.9), 1),
          i === 0 ? '' : fixed(median(times[i]!) - median(times[0]!), 1),
          i === 0 ? '' : median(times[i]!) < GOAL_MS ? `PASS (< ${GOAL_MS} ms)` : `FAIL (>= ${GOAL_MS} ms)`,
        ]),
      ]),
    );
  },
};
