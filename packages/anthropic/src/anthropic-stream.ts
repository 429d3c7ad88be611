import type { ServerSentEventSink, TransportStreamPart } from '@llm/core';
import type { ReasoningPart } from '@llm/schema';
import type Anthropic from '@anthropic-ai/sdk';
import { APIError } from '@anthropic-ai/sdk';
import { mapAnthropicStopReason, mapAnthropicUsage, mergeAnthropicUsage, type AnthropicUsageFields } from './anthropic-response.js';

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;
type Parts = TransportStreamPart[];

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Messages API SSE events → transport parts, read as the SDK's own stream reads them (events
 * without a name and `ping` are skipped, an event with no data is skipped, `event: error` throws
 * the SDK's `APIError` with the reply's headers and the error's type), without the SDK's event
 * objects in between.
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
export class MessageEventSink implements ServerSentEventSink<TransportStreamPart> {
  /** Set when structured output travels as this tool's call (see `toMessagesBody`), before the request is sent. */
  outputTool: string | undefined;
  private headers: Headers | undefined;
  private requestId: string | undefined;
  private usage: AnthropicUsageFields | undefined;
  private usageSent = false;
  private readonly toolIndex = new Map<number, number>();
  private readonly outputBlocks = new Set<number>();
  private held = '';
  private stopReason: string | null | undefined;
  private stopSequence: string | null | undefined;
  private stopped = false;
  private signature: string | undefined;
  private redacted = 0;
  /** Thinking blocks by content-block index, assembled to be sent back (text, then signature). */
  private readonly reasoningParts = new Map<number, ReasoningPart>();

  opened(response: Response): void {
    this.headers = response.headers;
    this.requestId = response.headers.get('request-id') ?? undefined;
  }

  event(data: string, name: string | undefined, parts: Parts): void {
    if (name === undefined || name === 'ping') return;
    if (name === 'error') {
      const body = (parseOrUndefined(data) ?? data) as { error?: { type?: Anthropic.ErrorType } } | string;
      const type = typeof body === 'object' && body !== null ? body.error?.type : undefined;
      throw new APIError(undefined, body, undefined, this.headers ?? new Headers(), type);
    }
    if (!data) return;
    this.read(JSON.parse(data) as StreamEvent, parts);
  }

  failed(parts: Parts): void {
    // The tokens spent so far are still billed: report them before the error.
    if (this.usage && !this.usageSent) {
      this.usageSent = true;
      parts.push({ type: 'usage', usage: mapAnthropicUsage(this.usage) });
    }
  }

  end(parts: Parts): void {
    this.failed(parts);
    const { held, outputBlocks, toolIndex } = this;
    const output = outputBlocks.size > 0;
    if (held && !output) parts.push({ type: 'text-delta', text: held });
    const metadata: Record<string, unknown> = {};
    if (output && held) metadata.preamble = held;
    if (this.stopSequence) metadata.stopSequence = this.stopSequence;
    if (this.signature) metadata.thinkingSignature = this.signature;
    if (this.redacted) metadata.redactedThinkingBlocks = this.redacted;
    const reasoning = [...this.reasoningParts.entries()].sort((a, b) => a[0] - b[0]).map(([, part]) => part);
    if (Object.keys(metadata).length > 0 || reasoning.length > 0) {
      parts.push({ type: 'metadata', ...(Object.keys(metadata).length > 0 ? { providerMetadata: metadata } : {}), ...(reasoning.length > 0 ? { reasoningParts: reasoning } : {}) });
    }
    if (this.stopped) {
      const raw = this.stopReason ?? 'unknown';
      parts.push({
        type: 'finish',
        finishReason: output && toolIndex.size === 0 && raw === 'tool_use' ? 'stop' : mapAnthropicStopReason(this.stopReason),
        rawFinishReason: raw,
      });
    }
  }

  private read(event: StreamEvent, parts: Parts): void {
    switch (event.type) {
      case 'message_start': {
        const m = event.message;
        parts.push({ type: 'metadata', id: m.id, model: m.model, ...(this.requestId ? { requestId: this.requestId } : {}) });
        if (m.usage) this.usage = mergeAnthropicUsage(undefined, m.usage);
        break;
      }
      case 'content_block_start':
        this.blockStart(event, parts);
        break;
      case 'content_block_delta':
        this.blockDelta(event, parts);
        break;
      case 'message_delta':
        this.stopReason = event.delta.stop_reason;
        this.stopSequence = event.delta.stop_sequence;
        this.usage = mergeAnthropicUsage(this.usage, event.usage);
        this.usageSent = true;
        parts.push({ type: 'usage', usage: mapAnthropicUsage(this.usage) });
        break;
      case 'message_stop':
        this.stopped = true;
        break;
      default:
        break;
    }
  }

  private blockStart(event: Anthropic.Messages.RawContentBlockStartEvent, parts: Parts): void {
    const block = event.content_block;
    if (block.type === 'text') {
      if (block.text) {
        if (this.outputTool !== undefined) this.held += block.text;
        else parts.push({ type: 'text-delta', text: block.text });
      }
    } else if (block.type === 'thinking') {
      this.reasoningParts.set(event.index, { type: 'reasoning', text: block.thinking ?? '', ...(block.signature ? { signature: block.signature } : {}) });
      if (block.thinking) parts.push({ type: 'reasoning-delta', text: block.thinking });
    } else if (block.type === 'redacted_thinking') {
      this.redacted++;
      this.reasoningParts.set(event.index, { type: 'redacted-reasoning', data: block.data });
    } else if (block.type === 'tool_use') {
      const input = block.input as Record<string, unknown> | null | undefined;
      const initial = input && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
      if (this.outputTool !== undefined && block.name === this.outputTool) {
        this.outputBlocks.add(event.index);
        if (initial) parts.push({ type: 'text-delta', text: initial });
      } else {
        const index = this.toolIndex.size;
        this.toolIndex.set(event.index, index);
        parts.push({ type: 'tool-call-delta', index, id: block.id, name: block.name, argumentsDelta: initial });
      }
    }
  }

  private blockDelta(event: Anthropic.Messages.RawContentBlockDeltaEvent, parts: Parts): void {
    const delta = event.delta;
    switch (delta.type) {
      case 'text_delta':
        if (this.outputTool !== undefined) this.held += delta.text;
        else if (delta.text) parts.push({ type: 'text-delta', text: delta.text });
        break;
      case 'thinking_delta': {
        const part = this.reasoningParts.get(event.index);
        if (part?.type === 'reasoning') part.text += delta.thinking;
        if (delta.thinking) parts.push({ type: 'reasoning-delta', text: delta.thinking });
        break;
      }
      case 'signature_delta': {
        this.signature = delta.signature;
        const part = this.reasoningParts.get(event.index);
        if (part?.type === 'reasoning') part.signature = delta.signature;
        break;
      }
      case 'input_json_delta': {
        if (!delta.partial_json) break;
        if (this.outputBlocks.has(event.index)) {
          parts.push({ type: 'text-delta', text: delta.partial_json });
          break;
        }
        const index = this.toolIndex.get(event.index);
        if (index !== undefined) parts.push({ type: 'tool-call-delta', index, argumentsDelta: delta.partial_json });
        break;
      }
      default:
        break;
    }
  }
}
