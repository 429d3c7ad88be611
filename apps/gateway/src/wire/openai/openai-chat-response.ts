import type { ChatResponse } from '@llm/schema';
import type { ReplyContext } from '../wire-format.js';
import { toOpenAIUsage } from './openai-usage.js';

/**
 * The framework's response → OpenAI's `chat.completion` object. Finish reasons keep their names
 * (OpenAI's own); `error` and `other`, which OpenAI lacks, pass as they are.
 */
export function toOpenAIChatCompletion(response: ChatResponse<unknown>, context: ReplyContext): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: response.text === '' && response.toolCalls.length > 0 ? null : response.text,
    refusal: null,
  };
  if (response.reasoning) message.reasoning_content = response.reasoning;
  if (response.toolCalls.length > 0) {
    message.tool_calls = response.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
  }
  const body: Record<string, unknown> = {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: response.finishReason }],
    usage: toOpenAIUsage(response.usage),
  };
  if (response.systemFingerprint !== undefined) body.system_fingerprint = response.systemFingerprint;
  return body;
}
