/**
 * The vendors whose request bodies take OpenAI's Chat Completions fields as they are: a field of
 * that format with no place in the framework's request goes to each of them under
 * `providerOptions.<vendor>` (and is ignored by the others).
 */
export const OPENAI_STYLE_VENDORS = ['openai', 'groq', 'openrouter'] as const;
