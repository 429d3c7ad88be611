import type { Content, Part } from '@google/genai';
import { LLMError } from '@llm/errors';
import type { ContentPart, Message, ToolMessage } from '@llm/schema';
import { isGeneratedToolCallId, type ThoughtSignatures } from './google-tool-calls.js';

/** Our messages in Gemini form: the conversation and the system prompt apart. */
export interface GeminiMessages {
  contents: Content[];
  systemInstruction?: Content;
}

export interface GeminiMessageOptions {
  /** Signatures of earlier function calls, put back on the calls replayed in the history. */
  signatures?: ThoughtSignatures;
  provider?: string;
  model?: string;
}

const DATA_URL_RE = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

function userPart(part: ContentPart, options: GeminiMessageOptions): Part {
  if (part.type === 'text') return { text: part.text };
  if (part.data !== undefined) return { inlineData: { mimeType: part.mediaType!, data: part.data } };
  const url = part.url!;
  const m = DATA_URL_RE.exec(url);
  if (m) return { inlineData: { mimeType: m[1]!, data: m[2]! } };
  if (!/^(https?|gs):\/\//i.test(url)) {
    throw new LLMError({
      code: 'invalid_request',
      message: `google: an image URL must be http(s), gs:// or a base64 data: URL (got "${url.slice(0, 40)}")`,
      provider: options.provider,
      model: options.model,
      retryable: false,
    });
  }
  // Gemini reads remote files by URI (Files API, Cloud Storage, public URLs on current models).
  return { fileData: { fileUri: url, ...(part.mediaType ? { mimeType: part.mediaType } : {}) } };
}

/**
 * A tool's result as a `functionResponse.response` object: Gemini wants an object, with the
 * result under `output` (or `error`) unless it already is a JSON object.
 */
export function toFunctionResponse(message: ToolMessage): Record<string, unknown> {
  const content = message.content;
  if (message.isError) return { error: content ?? null };
  if (typeof content === 'object' && content !== null && !Array.isArray(content)) return content as Record<string, unknown>;
  return { output: content ?? null };
}

function findToolName(messages: readonly Message[], upTo: number, toolCallId: string): string | undefined {
  for (let i = upTo - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role === 'assistant' && m.toolCalls) {
      const call = m.toolCalls.find((c) => c.id === toolCallId);
      if (call) return call.name;
    }
  }
  return undefined;
}

/**
 * Our messages as Gemini `contents` with roles `user` and `model`; system messages become
 * the `systemInstruction`; assistant tool calls become `functionCall` parts and tool results
 * `functionResponse` parts (one user turn for consecutive results, as Gemini expects for
 * parallel calls). Ids this package generated are not sent back: Gemini matches by name and order.
 */
export function toGeminiMessages(messages: readonly Message[], options: GeminiMessageOptions = {}): GeminiMessages {
  const contents: Content[] = [];
  const system: Part[] = [];
  let toolTurn: Content | undefined;

  messages.forEach((m, index) => {
    if (m.role !== 'tool') toolTurn = undefined;
    switch (m.role) {
      case 'system':
        system.push({ text: m.content });
        return;
      case 'user':
        contents.push({
          role: 'user',
          parts: typeof m.content === 'string' ? [{ text: m.content }] : m.content.map((p) => userPart(p, options)),
        });
        return;
      case 'assistant': {
        const parts: Part[] = [];
        if (m.content) parts.push({ text: m.content });
        for (const call of m.toolCalls ?? []) {
          const part: Part = {
            functionCall: { name: call.name, args: call.arguments, ...(isGeneratedToolCallId(call.id) ? {} : { id: call.id }) },
          };
          // The call's own signature (it travels with the message), else one this provider saw.
          const signature = call.signature ?? options.signatures?.get(call.id);
          if (signature) part.thoughtSignature = signature;
          parts.push(part);
        }
        // An empty model turn is rejected by Gemini; an empty text keeps the turn order.
        contents.push({ role: 'model', parts: parts.length ? parts : [{ text: '' }] });
        return;
      }
      case 'tool': {
        const name = m.name ?? findToolName(messages, index, m.toolCallId);
        if (!name) {
          throw new LLMError({
            code: 'invalid_request',
            message: `google: messages[${index}] is a tool result for call "${m.toolCallId}", but no earlier assistant message made that call and the message has no name; Gemini needs the tool's name`,
            provider: options.provider,
            model: options.model,
            retryable: false,
            details: { field: `messages[${index}].name`, toolCallId: m.toolCallId },
          });
        }
        const part: Part = {
          functionResponse: { name, response: toFunctionResponse(m), ...(isGeneratedToolCallId(m.toolCallId) ? {} : { id: m.toolCallId }) },
        };
        if (toolTurn) toolTurn.parts!.push(part);
        else {
          toolTurn = { role: 'user', parts: [part] };
          contents.push(toolTurn);
        }
        return;
      }
    }
  });

  const out: GeminiMessages = { contents };
  if (system.length) out.systemInstruction = { parts: system };
  return out;
}
