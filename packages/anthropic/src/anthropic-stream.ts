import type { TransportStreamPart } from '@llm/core';
import type { ReasoningPart } from '@llm/schema';
import type Anthropic from '@anthropic-ai/sdk';
import { mapAnthropicStopReason, mapAnthropicUsage, mergeAnthropicUsage, type AnthropicUsageFields } from './anthropic-response.js';

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;

/** What `start` resolves to: the SDK's event stream and the vendor's request id. */
export interface OpenedMessageStream {
  events: AsyncIterable<StreamEvent>;
  requestId: string | undefined;
  /** Set when structured output travels as this tool's call (see `toMessagesBody`). */
  outputTool?: string | undefined;
}

/**
 * Messages API stream events → transport parts, with no validation and no extra async layer.
 * - text_delta → text-delta; thinking_delta → reasoning-delta (never text); each thinking block (text and
 *   signature) and redacted block is kept and given at the end as `reasoningParts`, to be sent back.
 * - tool_use blocks → tool-call-delta parts whose `index` is the call's 0-based position among the tool calls
 *   (not the content block index, which also counts text and thinking blocks); input_json_delta fragments follow.
 * - usage from `message_start` and `message_delta` is merged field by field; it is emitted once the
 *   message_delta arrives, and also when the stream fails or ends early, so no usage is lost.
 * - the finish part comes only with `message_stop`: a stream cut before it is incomplete.
 * With `outputTool` set, that tool's input fragments are the reply text (structured output through a tool),
 * and text written before it is held back as `providerMetadata.preamble`.
 */
export async function* fromMessageEvents(
  start: () => Promise<OpenedMessageStream>,
  mapError: (err: unknown) => Error,
): AsyncGenerator<TransportStreamPart> {
  let opened: OpenedMessageStream;
  try {
    opened = await start();
  } catch (err) {
    throw mapError(err);
  }
  const { events, requestId, outputTool } = opened;
  let usage: AnthropicUsageFields | undefined;
  let usageSent = false;
  const toolIndex = new Map<number, number>();
  const outputBlocks = new Set<number>();
  let held = '';
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;
  let stopped = false;
  let signature: string | undefined;
  let redacted = 0;
  // Thinking blocks by content-block index, assembled to be sent back (text, then signature).
  const reasoningParts = new Map<number, ReasoningPart>();
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'message_start': {
          const m = event.message;
          yield { type: 'metadata', id: m.id, model: m.model, ...(requestId ? { requestId } : {}) };
          if (m.usage) usage = mergeAnthropicUsage(undefined, m.usage);
          break;
        }
        case 'content_block_start': {
          const block = event.content_block;
          if (block.type === 'text') {
            if (block.text) {
              if (outputTool !== undefined) held += block.text;
              else yield { type: 'text-delta', text: block.text };
            }
          } else if (block.type === 'thinking') {
            reasoningParts.set(event.index, { type: 'reasoning', text: block.thinking ?? '', ...(block.signature ? { signature: block.signature } : {}) });
            if (block.thinking) yield { type: 'reasoning-delta', text: block.thinking };
          } else if (block.type === 'redacted_thinking') {
            redacted++;
            reasoningParts.set(event.index, { type: 'redacted-reasoning', data: block.data });
          } else if (block.type === 'tool_use') {
            const input = block.input as Record<string, unknown> | null | undefined;
            const initial = input && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
            if (outputTool !== undefined && block.name === outputTool) {
              outputBlocks.add(event.index);
              if (initial) yield { type: 'text-delta', text: initial };
            } else {
              const index = toolIndex.size;
              toolIndex.set(event.index, index);
              yield { type: 'tool-call-delta', index, id: block.id, name: block.name, argumentsDelta: initial };
            }
          }
          break;
        }
        case 'content_block_delta': {
          const delta = event.delta;
          switch (delta.type) {
            case 'text_delta':
              if (outputTool !== undefined) held += delta.text;
              else if (delta.text) yield { type: 'text-delta', text: delta.text };
              break;
            case 'thinking_delta': {
              const part = reasoningParts.get(event.index);
              if (part?.type === 'reasoning') part.text += delta.thinking;
              if (delta.thinking) yield { type: 'reasoning-delta', text: delta.thinking };
              break;
            }
            case 'signature_delta': {
              signature = delta.signature;
              const part = reasoningParts.get(event.index);
              if (part?.type === 'reasoning') part.signature = delta.signature;
              break;
            }
            case 'input_json_delta': {
              if (!delta.partial_json) break;
              if (outputBlocks.has(event.index)) {
                yield { type: 'text-delta', text: delta.partial_json };
                break;
              }
              const index = toolIndex.get(event.index);
              if (index !== undefined) yield { type: 'tool-call-delta', index, argumentsDelta: delta.partial_json };
              break;
            }
            default:
              break;
          }
          break;
        }
        case 'message_delta':
          stopReason = event.delta.stop_reason;
          stopSequence = event.delta.stop_sequence;
          usage = mergeAnthropicUsage(usage, event.usage);
          usageSent = true;
          yield { type: 'usage', usage: mapAnthropicUsage(usage) };
          break;
        case 'message_stop':
          stopped = true;
          break;
        default:
          break;
      }
    }
  } catch (err) {
    // The tokens spent so far are still billed: report them before the error.
    if (usage && !usageSent) yield { type: 'usage', usage: mapAnthropicUsage(usage) };
    throw mapError(err);
  }
  if (usage && !usageSent) yield { type: 'usage', usage: mapAnthropicUsage(usage) };
  const output = outputBlocks.size > 0;
  if (held) {
    if (!output) yield { type: 'text-delta', text: held };
  }
  const metadata: Record<string, unknown> = {};
  if (output && held) metadata.preamble = held;
  if (stopSequence) metadata.stopSequence = stopSequence;
  if (signature) metadata.thinkingSignature = signature;
  if (redacted) metadata.redactedThinkingBlocks = redacted;
  const parts = [...reasoningParts.entries()].sort((a, b) => a[0] - b[0]).map(([, part]) => part);
  if (Object.keys(metadata).length > 0 || parts.length > 0) {
    yield { type: 'metadata', ...(Object.keys(metadata).length > 0 ? { providerMetadata: metadata } : {}), ...(parts.length > 0 ? { reasoningParts: parts } : {}) };
  }
  if (stopped) {
    const raw = stopReason ?? 'unknown';
    yield {
      type: 'finish',
      finishReason: output && toolIndex.size === 0 && raw === 'tool_use' ? 'stop' : mapAnthropicStopReason(stopReason),
      rawFinishReason: raw,
    };
  }
}
