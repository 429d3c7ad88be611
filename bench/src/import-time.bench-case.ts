import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchCase } from './bench-case.js';
import { median } from './cpu.js';
import { fixed, formatTable } from './table.js';

const run = promisify(execFile);
const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));

/** Each provider package and the vendor SDK it is built on. */
const PROVIDERS = [
  { pkg: '@llm/openai', sdk: 'openai' },
  { pkg: '@llm/anthropic', sdk: '@anthropic-ai/sdk' },
  { pkg: '@llm/google', sdk: '@google/genai' },
  { pkg: '@llm/groq', sdk: 'openai' },
  { pkg: '@llm/openrouter', sdk: 'openai' },
] as const;

/** The target: a provider package imports in at most its SDK's time plus this much. */
const TARGET_MS = 30;

/**
 * One contender: the specifiers a fresh process imports, timed together. `zod` comes first when
 * the contender stands for an application that already has zod (it is a peer: the application's
 * own schemas use it).
 */
interface Contender {
  label: string;
  imports: readonly string[];
}

/**
 * Wall time of `await import(...)` of the contender's modules in a new Node process (the process's
 * own start is not counted), and the process's CPU time over the same span (less sensitive to a
 * busy machine than wall time; both are reported).
 */
async function timeImport(imports: readonly string[]): Promise<{ wall: number; cpu: number }> {
  const code = [
    'const t = performance.now(); const c = process.cpuUsage();',
    `for (const m of ${JSON.stringify(imports)}) await import(m);`,
    'const u = process.cpuUsage(c);',
    'process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));',
  ].join(' ');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: benchDir });
  const out = JSON.parse(stdout) as { wall: number; cpu: number };
  if (!Number.isFinite(out.wall) || !Number.isFinite(out.cpu)) throw new Error(`no time from importing ${imports.join(', ')}: ${stdout}`);
  return out;
}

/**
 * `import()` time of each provider package against its vendor SDK, in cold processes (a fresh
 * Node process per import, nothing cached in the module graph; the OS file cache is warm for
 * all alike), interleaved: each round imports every contender once, in an order rotated per
 * round, so drift in machine load falls on all of them. Reported: medians over rounds, and the
 * median of the per-round differences.
 */
export const importTimeCase: BenchCase = {
  name: 'import-time',
  title: `Import time: each provider package vs its vendor SDK (fresh process per import, interleaved rounds; target: SDK + ${TARGET_MS} ms)`,
  async run(ctx) {
    const rounds = ctx.quick ? 3 : 21;
    const sdks = [...new Set(PROVIDERS.map((p) => p.sdk))];
    const contenders: Contender[] = [
      ...sdks.map((sdk) => ({ label: sdk, imports: [sdk] })),
      ...sdks.map((sdk) => ({ label: `zod + ${sdk}`, imports: ['zod', sdk] })),
      ...PROVIDERS.map((p) => ({ label: p.pkg, imports: [p.pkg] })),
      { label: 'zod', imports: ['zod'] },
      { label: '@llm/core', imports: ['@llm/core'] },
    ];
    const times = new Map<string, { wall: number; cpu: number }[]>(contenders.map((c) => [c.label, []]));
    for (let round = 0; round < rounds; round++) {
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!);
      for (const c of order) times.get(c.label)!.push(await timeImport(c.imports));
      if (ctx.verbose) ctx.log(`  round ${round + 1}: ${order.map((c) => `${c.label} ${fixed(times.get(c.label)!.at(-1)!.wall, 0)}`).join(', ')}`);
    }
    for (const metric of ['wall', 'cpu'] as const) {
      const of = (label: string) => times.get(label)!.map((t) => t[metric]);
      const med = (label: string) => median(of(label));
      /** Median of the per-round differences a − b (rounds pair up: same round, same machine state). */
      const pairedDiff = (a: string, b: string) => median(of(a).map((t, i) => t - of(b)[i]!));
      const rows: string[][] = [[`package (${metric} ms)`, 'ms', 'its SDK', '+ vs SDK', 'zod + SDK', '+ vs zod + SDK', `target +${TARGET_MS}`]];
      for (const p of PROVIDERS) {
        const overSdk = pairedDiff(p.pkg, p.sdk);
        const overZodSdk = pairedDiff(p.pkg, `zod + ${p.sdk}`);
        const verdict = overSdk <= TARGET_MS ? 'met' : overZodSdk <= TARGET_MS ? 'met over zod + SDK' : 'missed';
        rows.push([p.pkg, fixed(med(p.pkg), 0), fixed(med(p.sdk), 0), fixed(overSdk, 0), fixed(med(`zod + ${p.sdk}`), 0), fixed(overZodSdk, 0), verdict]);
      }
      ctx.log(formatTable(rows));
      ctx.log(`${metric}: zod alone ${fixed(med('zod'), 0)} ms; @llm/core alone ${fixed(med('@llm/core'), 0)} ms (medians of ${rounds} rounds, Node ${process.version}).`);
      ctx.log('');
    }
    ctx.log('zod is a peer dependency the application imports for its own tool and output schemas; "+ vs zod + SDK" is what the package adds to such an application.');
  },
};
