import { createRequire } from 'node:module';
import { createLocalTokenCounter, type TokenCounter, type TokenCounterFactory } from '@llm/core';

export type OpenAIEncoding = 'o200k_base' | 'cl100k_base';

/** The tokenizer of an OpenAI model: o200k_base for GPT-4o, GPT-4.1, GPT-5 and the o-series; cl100k_base for GPT-4 and GPT-3.5. */
export function openAIEncodingFor(modelId: string): OpenAIEncoding {
  const id = modelId.toLowerCase().replace(/^openai\//, '');
  if (/^(gpt-4(?!o|\.\d)|gpt-3\.5|text-embedding-3|text-embedding-ada)/.test(id)) return 'cl100k_base';
  return 'o200k_base';
}

interface Encoder {
  countTokens(text: string): number;
}

const require = createRequire(import.meta.url);
const encoders = new Map<OpenAIEncoding, Encoder>();

/** Loads an encoding on first use (each holds a large rank table; a process that never counts never loads one). */
function encoder(encoding: OpenAIEncoding): Encoder {
  let found = encoders.get(encoding);
  if (!found) {
    found = require(`gpt-tokenizer/cjs/encoding/${encoding}`) as Encoder;
    encoders.set(encoding, found);
  }
  return found;
}

/** Tokens of `text` in an OpenAI encoding, exactly as OpenAI's tiktoken counts them (special tokens counted as text). */
export function countOpenAITokens(text: string, encoding: OpenAIEncoding = 'o200k_base'): number {
  return text.length === 0 ? 0 : encoder(encoding).countTokens(text);
}

/**
 * The token counter of an OpenAI model (and of OpenAI models served elsewhere): text is counted
 * exactly with gpt-tokenizer (identical to tiktoken on the project's corpus, about twice as fast
 * as tiktoken's WASM build, see the README). A chat request adds OpenAI's framing: 3 tokens per
 * message, 1 per name, 3 priming the reply; tool definitions are counted from their name,
 * description and JSON Schema plus a fixed overhead, which is close to but not exactly how
 * OpenAI renders them.
 */
export function createOpenAITokenCounter(modelId: string): TokenCounter {
  const encoding = openAIEncodingFor(modelId);
  return createLocalTokenCounter({
    name: encoding,
    exact: true,
    countText: (text) => countOpenAITokens(text, encoding),
    framing: { perMessage: 3, perName: 1, perRequest: 3, perTool: 8, toolsOverhead: 12 },
  });
}

/** What the OpenAI factory hands the client: one counter per model id, kept. */
export const openAITokenCounter: TokenCounterFactory = (() => {
  const counters = new Map<string, TokenCounter>();
  return (modelId: string) => {
    let counter = counters.get(modelId);
    if (!counter) {
      counter = createOpenAITokenCounter(modelId);
      counters.set(modelId, counter);
    }
    return counter;
  };
})();
