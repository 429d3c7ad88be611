import { seededRandom } from '@llm/mocks';
import type { Candidate, ObservedPerformance } from './candidate.js';

function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** How a fake model behaves: median latency and first chunk (log-normal spread), error probability, speed. */
export interface Behaviour {
  latencyMedianMs: number;
  firstChunkMedianMs: number;
  errorProbability: number;
  tokensPerSecond: number;
}

const p95 = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.ceil(0.95 * sorted.length) - 1]!;
};

/** Simulates `calls` calls of a model of known behaviour and summarises them as analytics would. */
export function simulate(behaviour: Behaviour, calls: number, random: () => number): ObservedPerformance {
  const latencies: number[] = [];
  const firstChunks: number[] = [];
  const speeds: number[] = [];
  let errors = 0;
  for (let i = 0; i < calls; i++) {
    if (random() < behaviour.errorProbability) {
      errors++;
      continue;
    }
    latencies.push(behaviour.latencyMedianMs * Math.exp(0.35 * normal(random)));
    firstChunks.push(behaviour.firstChunkMedianMs * Math.exp(0.35 * normal(random)));
    speeds.push(behaviour.tokensPerSecond * Math.exp(0.1 * normal(random)));
  }
  speeds.sort((a, b) => a - b);
  return {
    calls,
    latencyP95Ms: p95(latencies),
    timeToFirstChunkP95Ms: p95(firstChunks),
    errorRate: errors / calls,
    outputTokensPerSecond: speeds[Math.floor(speeds.length / 2)]!,
  };
}

type Caps = NonNullable<Candidate['capabilities']>;
const model = (
  id: string,
  facts: { context: number | null; output?: number; input: number | null; outputPrice: number | null; caps: Caps; modalities?: Candidate['modalities']; status?: 'active' | 'preview' | 'deprecated' },
): Candidate => {
  const [provider, name] = id.split(':') as [string, string];
  return {
    id,
    provider,
    model: name,
    status: { value: facts.status ?? 'active' },
    limits: { context: facts.context, output: facts.output ?? 16_384 },
    modalities: facts.modalities ?? { input: ['text'], output: ['text'] },
    capabilities: facts.caps,
    prices: { input: facts.input, output: facts.outputPrice },
  };
};

const all = { toolCalling: true, structuredOutput: true, jsonMode: true } as const;
const textAndImages = { input: ['text', 'image'] as const, output: ['text'] as const };

/**
 * A field of fake models whose best pick per task a person can tell at a glance: a strong and
 * dear model, a cheap good one (no images, 64k context), a top coder (slow, dearest), a long-context
 * model, a very fast cheap one (8k context, no structured output), a cheap flaky one whose
 * capabilities no source states, and a deprecated one.
 */
export const FIELD: readonly Candidate[] = [
  model('openai:gpt-big', { context: 128_000, input: 2.5, outputPrice: 10, caps: all, modalities: textAndImages }),
  model('openai:gpt-mini', { context: 64_000, input: 0.15, outputPrice: 0.6, caps: all }),
  model('anthropic:claude-top', { context: 200_000, input: 3, outputPrice: 15, caps: all, modalities: textAndImages }),
  model('google:gemini-long', { context: 1_000_000, input: 1.25, outputPrice: 5, caps: all, modalities: textAndImages }),
  model('groq:llama-fast', { context: 8192, input: 0.05, outputPrice: 0.08, caps: { toolCalling: true, structuredOutput: false, jsonMode: true } }),
  model('openrouter:cheap-flaky', { context: 32_000, input: 0.02, outputPrice: 0.05, caps: { toolCalling: 'unknown', structuredOutput: 'unknown' } }),
  model('openai:old-model', { context: 16_000, input: 1, outputPrice: 2, caps: all, status: 'deprecated' }),
];

/** Quality scores a team's evals might give (higher is better). */
export const QUALITY: Readonly<Record<string, number>> = {
  'openai:gpt-big': 88,
  'openai:gpt-mini': 76,
  'anthropic:claude-top': 97,
  'google:gemini-long': 84,
  'groq:llama-fast': 50,
  'openrouter:cheap-flaky': 35,
  'openai:old-model': 60,
};

export const BEHAVIOUR: Readonly<Record<string, Behaviour>> = {
  'openai:gpt-big': { latencyMedianMs: 2200, firstChunkMedianMs: 450, errorProbability: 0.01, tokensPerSecond: 80 },
  'openai:gpt-mini': { latencyMedianMs: 1100, firstChunkMedianMs: 300, errorProbability: 0.01, tokensPerSecond: 120 },
  'anthropic:claude-top': { latencyMedianMs: 3500, firstChunkMedianMs: 800, errorProbability: 0.02, tokensPerSecond: 60 },
  'google:gemini-long': { latencyMedianMs: 1800, firstChunkMedianMs: 420, errorProbability: 0.01, tokensPerSecond: 150 },
  'groq:llama-fast': { latencyMedianMs: 300, firstChunkMedianMs: 60, errorProbability: 0.02, tokensPerSecond: 700 },
  'openrouter:cheap-flaky': { latencyMedianMs: 1600, firstChunkMedianMs: 600, errorProbability: 0.15, tokensPerSecond: 40 },
  'openai:old-model': { latencyMedianMs: 1500, firstChunkMedianMs: 400, errorProbability: 0.01, tokensPerSecond: 90 },
};

/** Observations of every model of the field, from `calls` simulated calls each. */
export function observeField(seed: number, calls = 10_000): Record<string, ObservedPerformance> {
  const random = seededRandom(seed);
  return Object.fromEntries(Object.entries(BEHAVIOUR).map(([id, b]) => [id, simulate(b, calls, random)]));
}
