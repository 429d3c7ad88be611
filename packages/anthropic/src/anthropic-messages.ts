import { LLMError } from '@llm/errors';
import type { ContentPart, Message, ReasoningPart } from '@llm/schema';
import type Anthropic from '@anthropic-ai/sdk';

type Block = Anthropic.Messages.ContentBlockParam;
type ImageBlock = Anthropic.Messages.ImageBlockParam;
type TextBlock = Anthropic.Messages.TextBlockParam;
export type AnthropicTurn = Anthropic.Messages.UserMessageParam | Anthropic.Messages.AssistantMessageParam;

/** Our messages in Messages API form: the system prompt apart, the turns alternating. */
export interface AnthropicPrompt {
  /** One system message as a string; several as one text block each, in order. */
  system?: string | TextBlock[];
  messages: AnthropicTurn[];
}

/** The image types the Messages API takes. */
export const ANTHROPIC_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
type ImageType = (typeof ANTHROPIC_IMAGE_TYPES)[number];

function badImage(message: string): LLMError {
  return new LLMError({ code: 'invalid_request', provider: 'anthropic', message: `anthropic: ${message}` });
}

function imageType(mediaType: string | undefined): ImageType {
  const type = (mediaType ?? '').toLowerCase();
  if (!(ANTHROPIC_IMAGE_TYPES as readonly string[]).includes(type)) {
    throw badImage(`image media type ${mediaType ?? '(none)'} is not supported; use one of ${ANTHROPIC_IMAGE_TYPES.join(', ')}`);
  }
  return type as ImageType;
}

function imageBlock(part: Extract<ContentPart, { type: 'image' }>): ImageBlock {
  if (part.data !== undefined) return { type: 'image', source: { type: 'base64', media_type: imageType(part.mediaType), data: part.data } };
  const url = part.url ?? '';
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (data) return { type: 'image', source: { type: 'base64', media_type: imageType(data[1]), data: data[2]! } };
  if (url.startsWith('data:')) throw badImage('image data URLs must be base64 (data:<type>;base64,...)');
  return { type: 'image', source: { type: 'url', url } };
}

function userBlocks(content: string | ContentPart[]): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((part): Block => (part.type === 'text' ? { type: 'text', text: part.text } : imageBlock(part)));
}

/**
 * An assistant turn's reasoning blocks as Anthropic wants them back: signed thinking and redacted
 * thinking, unchanged and first. A part without a signature was not made by Anthropic (which
 * would refuse it) and is not sent.
 */
function reasoningBlocks(parts: readonly ReasoningPart[] | undefined): Block[] {
  const blocks: Block[] = [];
  for (const part of parts ?? []) {
    if (part.type === 'redacted-reasoning') blocks.push({ type: 'redacted_thinking', data: part.data });
    else if (part.signature !== undefined) blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
  }
  return blocks;
}

/** A tool's result as the `content` of a `tool_result` block: text as it is, anything else as JSON text. */
export function toolResultContent(content: unknown): string {
  return typeof content === 'string' ? content : JSON.stringify(content ?? null);
}

/**
 * Our messages in Messages API form.
 * - System messages (wherever they stand) go to the top-level `system`, in order.
 * - Tool results become `tool_result` blocks of a user turn.
 * - Consecutive turns of the same role are merged into one (the API wants user and assistant to alternate),
 *   so several tool results in a row, and a user message right after them, form one user turn.
 * - An assistant message's signed reasoning blocks (`reasoning`, from `response.reasoningParts`) go
 *   first, as `thinking` / `redacted_thinking`: extended thinking with tool use requires them back.
 * - An assistant message with neither text nor tool calls adds nothing and is left out.
 * User `name` and image `detail` have no Anthropic equivalent and are not sent.
 */
export function toAnthropicMessages(messages: readonly Message[]): AnthropicPrompt {
  const system: string[] = [];
  const turns: Array<{ role: 'user' | 'assistant'; content: Block[] }> = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const m of messages) {
    switch (m.role) {
      case 'system':
        system.push(m.content);
        break;
      case 'user':
        push('user', userBlocks(m.content));
        break;
      case 'assistant': {
        const blocks = reasoningBlocks(m.reasoning);
        if (m.content) blocks.push({ type: 'text', text: m.content });
        for (const call of m.toolCalls ?? []) blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
        push('assistant', blocks);
        break;
      }
      case 'tool':
        push('user', [
          {
            type: 'tool_result',
            tool_use_id: m.toolCallId,
            content: toolResultContent(m.content),
            ...(m.isError ? { is_error: true } : {}),
          },
        ]);
        break;
    }
  }
  const out: AnthropicPrompt = {
    // A turn of a single text block goes as a plain string: the shortest form the API takes.
    messages: turns.map((t) => {
      const only = t.content.length === 1 ? t.content[0] : undefined;
      return only && only.type === 'text' ? { role: t.role, content: only.text } : { role: t.role, content: t.content };
    }),
  };
  if (system.length === 1) out.system = system[0]!;
  else if (system.length > 1) out.system = system.map((text) => ({ type: 'text', text }));
  return out;
}
