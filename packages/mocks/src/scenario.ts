import type { LLMErrorCode } from '@llm/errors';

/** Token counts a fake reply reports. */
export interface ScenarioUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  /** Input tokens written to the vendor's prompt cache (Anthropic's `cache_creation_input_tokens`); vendors without cache writes ignore it. */
  cacheWriteTokens?: number;
  reasoningTokens?: number;
}

/** A fault the fake servers can inject into a reply. */
export type Fault =
  /** Close the connection after this many stream chunks (or mid-body for JSON replies). */
  | { kind: 'cut'; afterChunks: number }
  /** Send a body that is not valid JSON (or a stream chunk that is not). */
  | { kind: 'malformed-json' }
  /** Wait this long before sending the first byte. */
  | { kind: 'slow-first-byte'; delayMs: number }
  /**
   * Wait this long between stream chunks; with `tail`, only before each of the last `tail` chunks
   * (the text before them arrives at once, then the stream stalls: a stall after output).
   */
  | { kind: 'slow-chunks'; delayMs: number; tail?: number }
  /** Send this many stream chunks, then nothing more (the connection stays open) until the client gives up; a JSON reply never starts. */
  | { kind: 'stall'; afterChunks: number }
  /** A reply broken in one named way, in the vendor's own wire format (see {@link BadShape}). */
  | { kind: 'bad-shape'; shape: BadShape }
  /**
   * The `seed`-th JSON node of the reply (in document order over the body, or over every stream
   * chunk; wrapping) replaced by `value`: for property tests over any way a reply can be wrong.
   */
  | { kind: 'mutate'; seed: number; value: unknown };

/**
 * The ways a vendor reply can be well-formed JSON of the wrong shape, in vendor-neutral terms;
 * each fake server breaks its own wire format that way (JSON body and stream alike).
 */
export type BadShape =
  /** The body is `null`; a stream carries a `null` chunk. */
  | 'null-reply'
  /** The body is `{"foo":1}`; a stream carries a `{"foo":1}` chunk. */
  | 'foreign-reply'
  /** The text is the number 42 (a message's content; a stream's text delta). */
  | 'text-not-string'
  /** The list that holds the answer is `"x"` (OpenAI `choices`, Anthropic `content` / a stream's block, Gemini `candidates`). */
  | 'answer-not-list'
  /** The tool calls are `"x"` (OpenAI `tool_calls`, Anthropic a tool's `input` / `partial_json`, Gemini `parts`). */
  | 'calls-not-list'
  /** A tool call without its name. Use with a `tool-calls` scenario. */
  | 'call-without-name'
  /** A token count is `"many"`. */
  | 'usage-not-numbers';

/** Every bad shape, for suites that try them all. */
export const BAD_SHAPES: readonly BadShape[] = ['null-reply', 'foreign-reply', 'text-not-string', 'answer-not-list', 'calls-not-list', 'call-without-name', 'usage-not-numbers'];

/** The vendor-neutral errors a fake server can answer with; each server maps them to its real status and body. */
export type ScriptedErrorKind =
  | 'authentication'
  | 'permission_denied'
  | 'not_found'
  | 'invalid_request'
  | 'context_length_exceeded'
  | 'content_filtered'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'provider_error'
  | 'overloaded';

/**
 * One scripted reply, in vendor-neutral terms. A fake server turns it into its vendor's
 * wire format, as JSON or as a stream, whichever the request asked for.
 */
export type Scenario =
  | {
      kind: 'text';
      text: string;
      /** Split the text into this many stream chunks (default: a word per chunk). */
      chunks?: number;
      reasoning?: string;
      finishReason?: 'stop' | 'length' | 'content_filter';
      /** The model declines (OpenAI-style fakes send it as `refusal`, the content null); `text` is then unused. */
      refusal?: string;
      usage?: ScenarioUsage;
      fault?: Fault;
    }
  | {
      kind: 'tool-calls';
      calls: Array<{ id?: string; name: string; arguments: Record<string, unknown> | string }>;
      /** Text before the calls. */
      text?: string;
      /** Thinking before the calls (Anthropic: signed; Gemini: thought parts; Groq and OpenRouter: `reasoning` deltas). */
      reasoning?: string;
      /**
       * `length`: the reply hit the output limit in the middle of the last call's arguments, whose JSON is
       * cut in half (OpenAI-style fakes: `finish_reason: "length"`, in a reply and a stream; Anthropic: a
       * stream ending with `max_tokens` and no `content_block_stop` for the call, as recorded). Gemini
       * sends each call whole and ignores it.
       */
      finishReason?: 'length';
      usage?: ScenarioUsage;
      fault?: Fault;
    }
  | {
      kind: 'error';
      error: ScriptedErrorKind;
      /** Seconds, sent as `retry-after` where the vendor sends one. */
      retryAfterSeconds?: number;
      message?: string;
    }
  /** An error that arrives inside a stream, after some text (where the vendor does that). */
  | { kind: 'stream-error'; afterText: string; error: ScriptedErrorKind; message?: string };

/** A request as a fake server saw it, in vendor-neutral terms, so one suite can assert what was sent. */
export interface SeenRequest {
  path: string;
  /** The model the request named. */
  model: string | undefined;
  stream: boolean;
  /** The key the SDK sent (so tests can check it was sent; never logged). */
  apiKey: string | undefined;
  /** Roles of the messages as the vendor received them (system included where the vendor keeps it in the list). */
  roles: string[];
  system: string | undefined;
  maxTokens: number | undefined;
  temperature: number | undefined;
  stop: string[] | undefined;
  toolNames: string[];
  /** Tool results sent back, by call id. */
  toolResults: Array<{ toolCallId: string | undefined; content: string }>;
  /** The JSON Schema sent for structured output, if any. */
  responseSchema: Record<string, unknown> | undefined;
  headers: Record<string, string>;
  body: unknown;
}

export const DEFAULT_USAGE: ScenarioUsage = { inputTokens: 11, outputTokens: 7 };

/** The LLMError code each scripted error must map to. */
export const EXPECTED_ERROR_CODE: Readonly<Record<ScriptedErrorKind, LLMErrorCode>> = {
  authentication: 'authentication',
  permission_denied: 'permission_denied',
  not_found: 'not_found',
  invalid_request: 'invalid_request',
  context_length_exceeded: 'context_length_exceeded',
  content_filtered: 'content_filtered',
  rate_limited: 'rate_limited',
  quota_exceeded: 'quota_exceeded',
  provider_error: 'provider_error',
  overloaded: 'overloaded',
};

/** Splits text into `n` chunks (or a word per chunk), joined back exactly. */
export function splitText(text: string, n?: number): string[] {
  if (text === '') return [];
  if (n === undefined) return text.match(/\S+\s*|\s+/g) ?? [text];
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Every scripted error; a vendor that can produce them all lists this. */
export const ALL_ERROR_KINDS: readonly ScriptedErrorKind[] = Object.keys(EXPECTED_ERROR_CODE) as ScriptedErrorKind[];
