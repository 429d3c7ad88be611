import type { AssistantMessage, ChatResponse } from '@llm/schema';

/**
 * The assistant turn to put back into the conversation after `response`: its text, its tool
 * calls and, where the vendor needs them (Anthropic's extended thinking with tool use), its
 * signed reasoning blocks, which must come back unchanged or the next request is refused.
 */
export function toAssistantMessage(response: ChatResponse<unknown>): AssistantMessage {
  const message: AssistantMessage = { role: 'assistant', content: response.text || null };
  if (response.toolCalls.length > 0) message.toolCalls = response.toolCalls;
  if (response.reasoningParts?.length) message.reasoning = response.reasoningParts;
  return message;
}
