/** The model `createAnthropic()` uses when the config names none. */
export const ANTHROPIC_DEFAULT_MODEL = 'claude-haiku-4-5';

/** The name of the tool that carries structured output in `tool` mode (see `AnthropicStructuredOutputMode`). */
export const STRUCTURED_OUTPUT_TOOL = 'json_output';

/**
 * How structured output (`output` / `responseFormat: json_schema`) is asked for:
 * - `native`: the Messages API's `output_config.format = { type: 'json_schema', schema }` (Claude 4.5 models and later);
 * - `tool`: a forced call of a `json_output` tool whose input schema is the output schema; its input becomes the
 *   response text (works on every model with tool use).
 */
export type AnthropicStructuredOutputMode = 'native' | 'tool';

/**
 * The `max_tokens` sent when the caller gives none (the Messages API requires it), by model family.
 * First match wins. Defaults stay at or under 16,384 so that a non-streaming call stays within the SDK's
 * 10-minute limit for non-streaming requests; pass `maxTokens` for longer replies.
 */
export const DEFAULT_MAX_TOKENS: ReadonlyArray<{ family: string; pattern: RegExp; maxTokens: number }> = [
  { family: 'claude-3-5 (Sonnet, Haiku)', pattern: /claude-3-5/, maxTokens: 8192 },
  { family: 'claude-3-7 Sonnet', pattern: /claude-3-7/, maxTokens: 16384 },
  { family: 'claude-3 (Opus, Sonnet, Haiku)', pattern: /claude-3-(opus|sonnet|haiku)/, maxTokens: 4096 },
  { family: 'claude 4 and later (claude-<line>-<version>: Opus, Sonnet, Haiku, ...)', pattern: /claude-[a-z]+-\d/, maxTokens: 16384 },
];

/** For models the table does not know. */
export const FALLBACK_MAX_TOKENS = 4096;

/** The documented default `max_tokens` for a model id. */
export function defaultMaxTokens(modelId: string): number {
  const id = modelId.toLowerCase();
  return DEFAULT_MAX_TOKENS.find((row) => row.pattern.test(id))?.maxTokens ?? FALLBACK_MAX_TOKENS;
}
