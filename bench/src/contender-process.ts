import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ContenderSpec, FromContender, ToContender } from './contender-protocol.js';
import type { BlockRunner } from './cpu.js';

/**
 * Runs one contender in a process of its own. Measured in one process, the raw SDK, the bare
 * model and the default stack share one JIT: the framework's stream code, called with several
 * shapes, turns polymorphic and slower than any one application (which runs one path) would see
 * it. One process per contender, still interleaved block by block, measures each path as it runs.
 */
export async function startContenderProcess(spec: ContenderSpec): Promise<BlockRunner & { stats(): Promise<{ spans: number; keptHistogramPoints: number }>; firsts(): Promise<number[]>; close(): Promise<void> }> {
  const entry = fileURLToPath(new URL('./contender-child.js', import.meta.url));
  const child: ChildProcess = fork(entry, [], { execArgv: ['--expose-gc', '--no-warnings'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const label = spec.label ?? ('kind' in spec ? spec.kind : spec.path);
  const ask = (message: ToContender): Promise<FromContender> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the contender process exited early (code ${code})`));
      child.once('exit', onExit);
      child.once('message', (reply: FromContender) => {
        child.off('exit', onExit);
        if (reply.type === 'error') reject(new Error(`${label}: ${reply.message}`));
        else resolve(reply);
      });
      child.send(message);
    });
  const ready = await ask({ type: 'init', spec });
  const name = ready.type === 'ready' ? ready.name : label;
  return {
    name,
    warmup: async (n) => void (await ask({ type: 'warmup', n })),
    block: async (n) => {
      const reply = await ask({ type: 'block', n });
      if (reply.type !== 'cpu') throw new Error(`${name}: unexpected reply ${reply.type}`);
      return reply.perCall;
    },
    /** Spans the registered SDK exported, and points its reader got from the kept histograms (one collection). */
    stats: async () => {
      const reply = await ask({ type: 'stats' });
      return reply.type === 'stats' ? { spans: reply.spans, keptHistogramPoints: reply.keptHistogramPoints } : { spans: 0, keptHistogramPoints: 0 };
    },
    firsts: async () => {
      const reply = await ask({ type: 'firsts' });
      return reply.type === 'firsts' ? reply.ms : [];
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.send({ type: 'close' } satisfies ToContender);
      }),
  };
}
