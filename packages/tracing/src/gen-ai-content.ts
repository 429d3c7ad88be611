import { redactSecrets } from '@llm/errors';
import type { ChatRequest, ChatResponse, Message } from '@llm/schema';

/**
 * Prompt and completion content in the GenAI conventions' message format
 * (`gen_ai.input.messages`, `gen_ai.output.messages`, `gen_ai.system_instructions`), as JSON
 * strings with secrets masked. Recorded only when the user opts in.
 */
type Part =
  | { type: 'text'; content: string }
  | { type: 'uri'; modality: 'image'; uri: string }
  | { type: 'blob'; modality: 'image'; mime_type?: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: unknown };

function partsOf(message: Exclude<Message, { role: 'system' }>): Part[] {
  switch (message.role) {
    case 'user':
      if (typeof message.content === 'string') return [{ type: 'text', content: message.content }];
      return message.content.map((p): Part => {
        if (p.type === 'text') return { type: 'text', content: p.text };
        // Inline image data is never copied into telemetry: only its media type.
        return p.url !== undefined && !p.url.startsWith('data:')
          ? { type: 'uri', modality: 'image', uri: p.url }
          : { type: 'blob', modality: 'image', ...(p.mediaType ? { mime_type: p.mediaType } : {}) };
      });
    case 'assistant': {
      const parts: Part[] = [];
      if (message.content) parts.push({ type: 'text', content: message.content });
      for (const call of message.toolCalls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments });
      return parts;
    }
    case 'tool':
      return [{ type: 'tool_call_response', id: message.toolCallId, response: message.content }];
  }
}

const json = (value: unknown, secrets: readonly string[]) => redactSecrets(JSON.stringify(value), secrets);

export interface ContentAttributes {
  'gen_ai.input.messages': string;
  'gen_ai.system_instructions'?: string;
}

/**
 * Where a provider's API takes system messages: `separate` from the chat history (Anthropic's
 * `system`, Gemini's `systemInstruction`), recorded as `gen_ai.system_instructions`; or
 * `in-history`, as messages among the others (OpenAI Chat Completions and the APIs compatible
 * with it), recorded in `gen_ai.input.messages` with role `system`, where the conventions want
 * instructions that are part of the chat history.
 */
export type SystemInstructionsPlacement = 'separate' | 'in-history';

/** The `gen_ai.provider.name`s whose APIs take system instructions apart from the messages. */
const SEPARATE_SYSTEM_INSTRUCTIONS: ReadonlySet<string> = new Set(['anthropic', 'gcp.gemini', 'gcp.vertex_ai', 'gcp.gen_ai', 'aws.bedrock']);

/** Where the API of `genAiProvider` (a `gen_ai.provider.name`) takes system messages. */
export function systemInstructionsPlacement(genAiProvider: string): SystemInstructionsPlacement {
  return SEPARATE_SYSTEM_INSTRUCTIONS.has(genAiProvider) ? 'separate' : 'in-history';
}

export function inputContentAttributes(
  request: ChatRequest<unknown>,
  secrets: readonly string[] = [],
  placement: SystemInstructionsPlacement = 'separate',
): ContentAttributes {
  const system: Part[] = [];
  const messages: Array<{ role: string; parts: Part[] }> = [];
  for (const m of request.messages) {
    if (m.role !== 'system') messages.push({ role: m.role, parts: partsOf(m) });
    else if (placement === 'in-history') messages.push({ role: 'system', parts: [{ type: 'text', content: m.content }] });
    else system.push({ type: 'text', content: m.content });
  }
  const out: ContentAttributes = { 'gen_ai.input.messages': json(messages, secrets) };
  if (system.length) out['gen_ai.system_instructions'] = json(system, secrets);
  return out;
}

export function outputContentAttribute(response: ChatResponse<unknown>, secrets: readonly string[] = []): string {
  const parts: Part[] = [];
  if (response.reasoning) parts.push({ type: 'reasoning', content: response.reasoning });
  if (response.text) parts.push({ type: 'text', content: response.text });
  for (const call of response.toolCalls) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments });
  return json([{ role: 'assistant', parts, finish_reason: response.finishReason }], secrets);
}
