import { LLMError } from '@llm/errors';

/** Splits `provider:model` (the model part may itself hold colons or slashes: `openrouter:meta-llama/llama-3:free`). */
export function parseModelId(id: string): { provider: string; model: string } {
  const at = id.indexOf(':');
  if (at <= 0 || at === id.length - 1) {
    throw new LLMError({ code: 'configuration', message: `model id "${id}" must look like provider:model, e.g. openai:gpt-4o-mini` });
  }
  return { provider: id.slice(0, at), model: id.slice(at + 1) };
}
