import type { ChatResponse } from '@llm/schema';
import type { ReplyContext } from '../wire-format.js';
import { toAnthropicStopReason, toAnthropicUsage } from './anthropic-usage.js';

/** The framework's response → Anthropic's `message` object (thinking blocks first, then text, then tool uses). */
export function toAnthropicMessage(response: ChatResponse<unknown>, context: ReplyContext): Record<string, unknown> {
  const content: Array<Record<string, unknown>> = [];
  if (response.reasoningParts?.length) {
    for (const part of response.reasoningParts) {
      content.push(part.type === 'reasoning' ? { type: 'thinking', thinking: part.text, signature: part.signature ?? '' } : { type: 'redacted_thinking', data: part.data });
    }
  } else if (response.reasoning) {
    content.push({ type: 'thinking', thinking: response.reasoning, signature: '' });
  }
  if (response.text !== '') content.push({ type: 'text', text: response.text });
  for (const call of response.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  return {
    id: context.id,
    type: 'message',
    role: 'assistant',
    model: context.model,
    content,
    stop_reason: toAnthropicStopReason(response.finishReason, response),
    stop_sequence: null,
    usage: toAnthropicUsage(response.usage),
  };
}
