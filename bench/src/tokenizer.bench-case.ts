import type { BenchCase } from './bench-case.js';
import { collectGarbage, cpuMicros, median } from './cpu.js';
import { fixed, formatTable } from './table.js';
import { tokenizerCorpus } from './tokenizer-corpus.js';

interface Tokenizer {
  name: string;
  encode(text: string): number;
  free?(): void;
}

/** Each library's o200k_base encoder (GPT-4o's encoding); loading it is timed apart. */
const LOADERS: Array<{ name: string; load: () => Promise<Tokenizer> }> = [
  {
    name: 'gpt-tokenizer',
    load: async () => {
      const { encode } = await import('gpt-tokenizer/encoding/o200k_base');
      return { name: 'gpt-tokenizer', encode: (text) => encode(text).length };
    },
  },
  {
    name: 'js-tiktoken',
    load: async () => {
      const [{ Tiktoken }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
      const enc = new Tiktoken(ranks.default);
      return { name: 'js-tiktoken', encode: (text) => enc.encode(text).length };
    },
  },
  {
    name: 'tiktoken (wasm)',
    load: async () => {
      const { get_encoding } = await import('tiktoken');
      const enc = get_encoding('o200k_base');
      return { name: 'tiktoken (wasm)', encode: (text) => enc.encode(text).length, free: () => enc.free() };
    },
  },
];

/** gpt-tokenizer vs js-tiktoken vs tiktoken on one fixed corpus: tokens per CPU second. */
export const tokenizerCase: BenchCase = {
  name: 'tokenizer',
  title: 'Tokenizer throughput: o200k_base on a fixed corpus (CPU time, this process)',
  async run(ctx) {
    const corpus = tokenizerCorpus(ctx.quick ? 60 : 400);
    const chars = corpus.reduce((n, doc) => n + doc.length, 0);
    const rounds = ctx.quick ? 2 : 5;
    const rows: string[][] = [['library', 'load ms (CPU)', 'tokens', 'tokens/s (CPU)', 'Mchar/s', 'vs fastest']];
    const results: Array<{ name: string; load: number; tokens: number; perSecond: number }> = [];
    for (const loader of LOADERS) {
      collectGarbage();
      const loadStart = cpuMicros();
      const tokenizer = await loader.load();
      const load = (cpuMicros() - loadStart) / 1000;
      let tokens = 0;
      for (const doc of corpus) tokens += tokenizer.encode(doc); // warm-up, and the token count
      const speeds: number[] = [];
      for (let r = 0; r < rounds; r++) {
        collectGarbage();
        const start = cpuMicros();
        for (const doc of corpus) tokenizer.encode(doc);
        speeds.push(tokens / ((cpuMicros() - start) / 1e6));
      }
      tokenizer.free?.();
      results.push({ name: loader.name, load, tokens, perSecond: median(speeds) });
    }
    const fastest = Math.max(...results.map((r) => r.perSecond));
    const bytesPerToken = chars / (results[0]?.tokens ?? 1);
    for (const r of results) {
      rows.push([r.name, fixed(r.load), String(r.tokens), Math.round(r.perSecond).toLocaleString('en-US'), fixed((r.perSecond * bytesPerToken) / 1e6, 2), fixed(r.perSecond / fastest, 2)]);
    }
    ctx.log(`${corpus.length} documents, ${chars.toLocaleString('en-US')} characters; median of ${rounds} passes after a warm-up pass.`);
    ctx.log(formatTable(rows));
    const counts = new Set(results.map((r) => r.tokens));
    if (counts.size > 1) ctx.log('NOTE: the libraries disagree on the token count of the corpus.');
  },
};
