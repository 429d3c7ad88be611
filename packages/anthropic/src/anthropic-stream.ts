import { isReplyObject, malformedReply, replyObject, replyString, type ReplyContext, type ServerSentEventSink, type TransportStreamPart } from '@llm/core';
import type { ReasoningPart } from '@llm/schema';
import type Anthropic from '@anthropic-ai/sdk';
import { APIError } from '@anthropic-ai/sdk';
import { checkAnthropicUsage, mapAnthropicStopReason, mapAnthropicUsage, mergeAnthropicUsage, type AnthropicUsageFields } from './anthropic-response.js';

type StreamEvent = Anthropic.Messages.RawMessageStreamEvent;
type Parts = TransportStreamPart[];
type Json = Record<string, unknown>;

/** A content block's position in the message, checked. */
function blockIndex(value: unknown, ctx: ReplyContext, raw: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw malformedReply(ctx, 'index', 'a block position', value, raw);
}

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
 *
 * Each event is checked as it is read (a `typeof` per field it uses, no schema per event): an event
 * that is not an object with a `type`, a block or delta that is not an object, text that is not
 * text, a nameless tool call, a block index that is not a position, or usage counts that are not
 * numbers are a `malformed_response` naming the field, with the event as its raw text.
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

  constructor(private readonly ctx: ReplyContext) {}

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
    const event: unknown = JSON.parse(data);
    if (!isReplyObject(event) || typeof event.type !== 'string') throw malformedReply(this.ctx, 'stream event', 'an event with a type', event, event);
    this.read(event, parts);
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

  private read(event: Json, parts: Parts): void {
    const { ctx } = this;
    switch (event.type as StreamEvent['type']) {
      case 'message_start': {
        const m = replyObject(event.message, 'message', ctx, event) ?? {};
        const id = replyString(m.id, 'message.id', ctx, event);
        const model = replyString(m.model, 'message.model', ctx, event);
        parts.push({ type: 'metadata', ...(id !== undefined ? { id } : {}), ...(model !== undefined ? { model } : {}), ...(this.requestId ? { requestId: this.requestId } : {}) });
        const started = checkAnthropicUsage(m.usage, 'message.usage', ctx, event);
        if (started) this.usage = mergeAnthropicUsage(undefined, started);
        break;
      }
      case 'content_block_start':
        this.blockStart(event, parts);
        break;
      case 'content_block_delta':
        this.blockDelta(event, parts);
        break;
      case 'message_delta': {
        const delta = replyObject(event.delta, 'delta', ctx, event);
        this.stopReason = replyString(delta?.stop_reason, 'delta.stop_reason', ctx, event) ?? this.stopReason;
        this.stopSequence = replyString(delta?.stop_sequence, 'delta.stop_sequence', ctx, event) ?? this.stopSequence;
        const more = checkAnthropicUsage(event.usage, 'usage', ctx, event);
        if (more) this.usage = mergeAnthropicUsage(this.usage, more);
        if (this.usage) {
          this.usageSent = true;
          parts.push({ type: 'usage', usage: mapAnthropicUsage(this.usage) });
        }
        break;
      }
      case 'message_stop':
        this.stopped = true;
        break;
      default:
        break;
    }
  }

  private blockStart(event: Json, parts: Parts): void {
    const { ctx } = this;
    const block = replyObject(event.content_block, 'content_block', ctx, event);
    if (!block) throw malformedReply(ctx, 'content_block', 'a content block', event.content_block, event);
    const at = blockIndex(event.index, ctx, event);
    if (block.type === 'text') {
      const text = replyString(block.text, 'content_block.text', ctx, event);
      if (text) {
        if (this.outputTool !== undefined) this.held += text;
        else parts.push({ type: 'text-delta', text });
      }
    } else if (block.type === 'thinking') {
      const thinking = replyString(block.thinking, 'content_block.thinking', ctx, event) ?? '';
      const signature = replyString(block.signature, 'content_block.signature', ctx, event);
      this.reasoningParts.set(at, { type: 'reasoning', text: thinking, ...(signature ? { signature } : {}) });
      if (thinking) parts.push({ type: 'reasoning-delta', text: thinking });
    } else if (block.type === 'redacted_thinking') {
      this.redacted++;
      this.reasoningParts.set(at, { type: 'redacted-reasoning', data: replyString(block.data, 'content_block.data', ctx, event) ?? '' });
    } else if (block.type === 'tool_use') {
      const name = replyString(block.name, 'content_block.name', ctx, event);
      if (!name) throw malformedReply(ctx, 'content_block.name', 'a tool name', block.name, event);
      const id = replyString(block.id, 'content_block.id', ctx, event) ?? '';
      const input = block.input;
      const initial = isReplyObject(input) && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
      if (this.outputTool !== undefined && name === this.outputTool) {
        this.outputBlocks.add(at);
        if (initial) parts.push({ type: 'text-delta', text: initial });
      } else {
        const index = this.toolIndex.size;
        this.toolIndex.set(at, index);
        parts.push({ type: 'tool-call-delta', index, id, name, argumentsDelta: initial });
      }
    } else if (typeof block.type !== 'string') {
      throw malformedReply(ctx, 'content_block.type', 'a block type', block.type, event);
    }
  }

  private blockDelta(event: Json, parts: Parts): void {
    const { ctx } = this;
    const delta = replyObject(event.delta, 'delta', ctx, event);
    if (!delta) throw malformedReply(ctx, 'delta', 'a delta', event.delta, event);
    const at = blockIndex(event.index, ctx, event);
    switch (delta.type) {
      case 'text_delta': {
        const text = replyString(delta.text, 'delta.text', ctx, event);
        if (this.outputTool !== undefined) this.held += text ?? '';
        else if (text) parts.push({ type: 'text-delta', text });
        break;
      }
      case 'thinking_delta': {
        const thinking = replyString(delta.thinking, 'delta.thinking', ctx, event) ?? '';
        const part = this.reasoningParts.get(at);
        if (part?.type === 'reasoning') part.text += thinking;
        if (thinking) parts.push({ type: 'reasoning-delta', text: thinking });
        break;
      }
      case 'signature_delta': {
        const signature = replyString(delta.signature, 'delta.signature', ctx, event);
        if (signature === undefined) break;
        this.signature = signature;
        const part = this.reasoningParts.get(at);
        if (part?.type === 'reasoning') part.signature = signature;
        break;
      }
      case 'input_json_delta': {
        const json = replyString(delta.partial_json, 'delta.partial_json', ctx, event);
        if (!json) break;
        if (this.outputBlocks.has(at)) {
          parts.push({ type: 'text-delta', text: json });
          break;
        }
        const index = this.toolIndex.get(at);
        if (index !== undefined) parts.push({ type: 'tool-call-delta', index, argumentsDelta: json });
        break;
      }
      default:
        if (typeof delta.type !== 'string') throw malformedReply(ctx, 'delta.type', 'a delta type', delta.type, event);
        break;
    }
  }
}
