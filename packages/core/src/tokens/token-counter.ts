import { createHash } from 'node:crypto';
import type { ChatRequest, Message, Tool } from '@llm/schema';
import type { z } from 'zod';
import { canonicalJson } from '../cache/index.js';
import { cachedJsonSchema } from '../model/index.js';

/** Where a count came from: the vendor's own tokenizer run locally, the vendor's count endpoint, or an estimate. */
export type TokenCountSource = 'tokenizer' | 'vendor' | 'estimate';

export interface TokenCount {
  tokens: number;
  source: TokenCountSource;
}

export interface CountTokensOptions {
  signal?: AbortSignal;
  /**
   * Let the counter ask the vendor (Anthropic `messages.countTokens`, Gemini `models.countTokens`)
   * when it has no local tokenizer. Off by default: counting then costs no network call and gives an estimate.
   */
  allowNetwork?: boolean;
}

/** Counts tokens the way one model's vendor bills them. Providers supply one per model. */
export interface TokenCounter {
  /** The tokenizer or method (`o200k_base`, `estimate`). */
  readonly name: string;
  /** Whether `countText` is the vendor's exact count (a public tokenizer) rather than an estimate. */
  readonly exact: boolean;
  /** Tokens of plain text, counted locally. */
  countText(text: string): number;
  /** The input tokens of a whole request: messages with their per-message overhead, and tool definitions. */
  countRequest(request: ChatRequest<unknown>, options?: CountTokensOptions): Promise<TokenCount>;
}

/** Picks the counter for a model id. */
export type TokenCounterFactory = (modelId: string) => TokenCounter;

/** How a vendor frames a chat prompt, in tokens beyond the text itself. */
export interface PromptFraming {
  /** Added for every message (role markers). */
  perMessage: number;
  /** Added when a user message carries a `name`. */
  perName: number;
  /** Added once (the tokens that prime the reply). */
  perRequest: number;
  /** Added for every tool definition, beside its name, description and JSON Schema. */
  perTool: number;
  /** Added once when the request has tools at all. */
  toolsOverhead: number;
  /** Tokens charged per image (vendors bill by size; this is a flat guess). */
  perImage: number;
}

export interface LocalTokenCounterOptions {
  name: string;
  exact: boolean;
  countText: (text: string) => number;
  framing?: Partial<PromptFraming>;
  /** Per-message counts kept (least recently used go first); 0 turns the cache off. Default 2000. */
  cacheSize?: number;
  /**
   * A message with fewer characters of text than this (its role aside) is counted every time
   * rather than looked up: hashing it for the cache costs more than counting it. Default
   * {@link TOKEN_CACHE_MIN_CHARS}; raise it for a `countText` much cheaper than hashing, lower it
   * for a much dearer one.
   */
  cacheMinChars?: number;
}

/**
 * The default `cacheMinChars`. Counting a message (the estimate, or gpt-tokenizer's o200k_base)
 * costs less than looking it up below about 24 characters and about as much at 24; at 32 a lookup
 * is 1.5x cheaper than counting, at 128 2-3x, at 1 KB 8-20x (docs/benchmarks.md, session 7). A
 * message seen once pays both the hash and the count, so the line is drawn a little above the
 * crossing.
 */
export const TOKEN_CACHE_MIN_CHARS = 32;

/** A small LRU on a Map's insertion order. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly maxEntries: number) {}
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }
  set(key: string, value: V): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
  get size(): number {
    return this.entries.size;
  }
}

const DEFAULT_FRAMING: PromptFraming = { perMessage: 3, perName: 1, perRequest: 3, perTool: 8, toolsOverhead: 12, perImage: 765 };

/** The text a message contributes to the prompt: its role first, then content, tool calls, tool results. */
export function messageTexts(message: Message): { texts: string[]; images: number; named: boolean } {
  const texts: string[] = [message.role];
  let images = 0;
  let named = false;
  switch (message.role) {
    case 'system':
      texts.push(message.content);
      break;
    case 'user':
      if (message.name) {
        texts.push(message.name);
        named = true;
      }
      if (typeof message.content === 'string') texts.push(message.content);
      else
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part.text);
          else images++;
        }
      break;
    case 'assistant':
      if (message.content) texts.push(message.content);
      for (const call of message.toolCalls ?? []) texts.push(call.name, JSON.stringify(call.arguments));
      break;
    case 'tool':
      texts.push(typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? null));
      break;
  }
  return { texts, images, named };
}

/** A tool definition as the text a vendor renders into the prompt. */
export function toolText(tool: Tool<unknown>): string {
  return `${tool.name}\n${tool.description ?? ''}\n${JSON.stringify(cachedJsonSchema(tool.parameters as z.ZodType))}`;
}

function hashOf(value: unknown): string {
  return createHash('sha1').update(canonicalJson(value)).digest('base64url');
}

/**
 * The cache key of a message's count: a hash of exactly what is counted (its texts, how many
 * images, whether it is named), each text preceded by its length so that no two lists meet.
 */
function textsKey(texts: readonly string[], images: number, named: boolean): string {
  const hash = createHash('sha1').update(`${images}:${named ? 1 : 0}`);
  for (const text of texts) hash.update(`\u0000${text.length}:`).update(text);
  return hash.digest('base64url');
}

/**
 * A counter that runs a local tokenizer (exact, or an estimate) over a whole request: each
 * message's text plus the vendor's framing overhead, and each tool definition. Per-message
 * counts of messages of `cacheMinChars` characters or more are cached by a hash of their text,
 * so a long conversation that grows turn by turn is tokenised once per new message, not once per
 * call; shorter messages are counted each time (cheaper than the hash), and each role once.
 */
export function createLocalTokenCounter(options: LocalTokenCounterOptions): TokenCounter {
  const framing = { ...DEFAULT_FRAMING, ...options.framing };
  const countText = options.countText;
  const cacheSize = options.cacheSize ?? 2000;
  const cache = new LruCache<number>(cacheSize);
  const cacheMinChars = cacheSize > 0 ? (options.cacheMinChars ?? TOKEN_CACHE_MIN_CHARS) : Infinity;
  const source: TokenCountSource = options.exact ? 'tokenizer' : 'estimate';
  // A role is one of four words, counted on every message: counted once (a few kept, whatever a caller sends).
  const roles = new Map<string, number>();
  const countRole = (role: string): number => {
    let tokens = roles.get(role);
    if (tokens === undefined) {
      tokens = countText(role);
      if (roles.size < 8) roles.set(role, tokens);
    }
    return tokens;
  };
  const countMessage = (message: Message): number => {
    const { texts, images, named } = messageTexts(message);
    let chars = 0;
    for (let i = 1; i < texts.length; i++) chars += texts[i]!.length;
    const key = chars >= cacheMinChars ? textsKey(texts, images, named) : undefined;
    if (key !== undefined) {
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
    }
    let tokens = framing.perMessage + images * framing.perImage + (named ? framing.perName : 0) + countRole(texts[0]!);
    for (let i = 1; i < texts.length; i++) tokens += countText(texts[i]!);
    if (key !== undefined) cache.set(key, tokens);
    return tokens;
  };
  return {
    name: options.name,
    exact: options.exact,
    countText,
    countRequest(request) {
      let tokens = framing.perRequest;
      for (const message of request.messages) tokens += countMessage(message);
      if (request.tools?.length) {
        tokens += framing.toolsOverhead;
        for (const tool of request.tools) tokens += framing.perTool + countText(toolText(tool));
      }
      return Promise.resolve({ tokens, source });
    },
  };
}

// One regex pass; each alternative is a class of text with its own tokens-per-piece rate.
const PIECES =
  /(\p{Script=Han})|(\p{Script=Hiragana}|\p{Script=Katakana})|(\p{Script=Hangul})|(\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier})|([A-Za-z]+)|([\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}][\p{L}\p{M}]*)|([\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Thai}\p{Script=Tamil}][\p{L}\p{M}]*)|(\p{L}[\p{L}\p{M}]*)|(\p{N}+)|(\s+)|([^\s\p{L}\p{N}]+)/gu;

/**
 * A dependency-free token estimate calibrated against OpenAI's o200k_base on the fixed corpus
 * (`TOKEN_COUNTER_CORPUS`): English words about 6 letters a token, other Latin and Cyrillic
 * words about 3.4 characters, Greek/Arabic/Hebrew 1.8, Indic 2.6, a Han character 0.7 tokens, a
 * kana 0.9, a Hangul syllable 0.95, an emoji 2, digits 3 a token, punctuation runs 2 characters a
 * token. docs/cost-and-budgets.md gives its measured error.
 */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  let t = 0;
  for (const m of text.matchAll(PIECES)) {
    if (m[1]) t += 0.7;
    else if (m[2]) t += 0.9;
    else if (m[3]) t += 0.95;
    else if (m[4]) t += 2;
    else if (m[5]) t += Math.max(1, m[5].length / 6);
    else if (m[6]) t += Math.max(1, m[6].length / 1.8);
    else if (m[7]) t += Math.max(1, m[7].length / 2.6);
    else if (m[8]) t += Math.max(1, m[8].length / 3.4);
    else if (m[9]) t += Math.ceil(m[9].length / 3);
    else if (m[10]) t += m[10].includes('\n') ? 1 : m[10].length > 1 ? 0.5 : 0;
    else if (m[11]) t += Math.max(1, m[11].length * 0.5);
  }
  return Math.max(1, Math.round(t));
}

/** The counter for a model with no public tokenizer and no network count: {@link estimateTokens} with OpenAI-like framing. */
export function createEstimateTokenCounter(options: Partial<Pick<LocalTokenCounterOptions, 'name' | 'framing' | 'cacheSize' | 'cacheMinChars'>> = {}): TokenCounter {
  return createLocalTokenCounter({ ...options, name: options.name ?? 'estimate', exact: false, countText: estimateTokens });
}

/** A counter that asks the vendor when allowed and falls back to a local one; vendor counts are cached by request hash. */
export function withVendorCount(
  local: TokenCounter,
  vendorCount: (request: ChatRequest<unknown>, signal?: AbortSignal) => Promise<number>,
  cacheSize = 500,
): TokenCounter {
  const cache = new LruCache<number>(cacheSize);
  return {
    name: local.name,
    exact: local.exact,
    countText: local.countText,
    async countRequest(request, options = {}) {
      if (!options.allowNetwork) return local.countRequest(request, options);
      const { output, tools, ...rest } = request;
      const key = hashOf({ ...rest, tools: tools?.map(toolText), output: output ? cachedJsonSchema(output as z.ZodType) : undefined });
      const hit = cache.get(key);
      if (hit !== undefined) return { tokens: hit, source: 'vendor' };
      const tokens = await vendorCount(request, options.signal);
      cache.set(key, tokens);
      return { tokens, source: 'vendor' };
    },
  };
}
