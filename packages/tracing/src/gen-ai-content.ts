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

export function inputContentAttributes(request: ChatRequest<unknown>, secrets: readonly string[] = []): ContentAttributes {
  const system: Part[] = [];
  const messages: Array<{ role: string; parts: Part[] }> = [];
  for (const m of request.messages) {
    if (m.role === 'system') system.push({ type: 'text', content: m.content });
    else messages.push({ role: m.role, parts: partsOf(m) });
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
