import type { StreamEvent } from '@llm/schema';
import type { HttpFailure } from '../../http/http-failure.js';
import type { ReplyContext, StreamEncoder } from '../wire-format.js';
import { anthropicErrorBody } from './anthropic-error-reply.js';
import { toAnthropicStopReason, toAnthropicUsage } from './anthropic-usage.js';

type BlockKind = 'text' | 'thinking' | 'tool_use';

function sse(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}

/**
 * Our stream events → Anthropic's Messages events: `message_start` with the first content, a
 * content block per run of text, thinking or one tool call, and `message_delta` (stop reason and
 * usage, cost included) plus `message_stop` after the finish event only. A stream that fails
 * after content gets an `error` event and no `message_stop`.
 */
export class AnthropicMessagesStreamEncoder implements StreamEncoder {
  private started = false;
  private index = -1;
  private open: BlockKind | undefined;
  /** The tool call (by its stream index) the open tool_use block holds. */
  private openCall: number | undefined;

  constructor(private readonly context: ReplyContext) {}

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: this.context.id,
      type: 'message',
      role: 'assistant',
      model: this.context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return sse('message_start', JSON.stringify({ type: 'message_start', message }));
  }

  private close(): string {
    if (this.open === undefined) return '';
    this.open = undefined;
    this.openCall = undefined;
    return sse('content_block_stop', `{"type":"content_block_stop","index":${this.index}}`);
  }

  private openBlock(kind: BlockKind, block: Record<string, unknown>): string {
    const out = this.close();
    this.index++;
    this.open = kind;
    return out + sse('content_block_start', JSON.stringify({ type: 'content_block_start', index: this.index, content_block: block }));
  }

  private delta(delta: string): string {
    return sse('content_block_delta', `{"type":"content_block_delta","index":${this.index},"delta":${delta}}`);
  }

  encode(event: StreamEvent<unknown>): string {
    switch (event.type) {
      case 'text-delta': {
        let out = this.start();
        if (this.open !== 'text') out += this.openBlock('text', { type: 'text', text: '' });
        return out + this.delta(`{"type":"text_delta","text":${JSON.stringify(event.text)}}`);
      }
      case 'reasoning-delta': {
        let out = this.start();
        if (this.open !== 'thinking') out += this.openBlock('thinking', { type: 'thinking', thinking: '', signature: '' });
        return out + this.delta(`{"type":"thinking_delta","thinking":${JSON.stringify(event.text)}}`);
      }
      case 'tool-call-delta': {
        let out = this.start();
        if (this.open !== 'tool_use' || this.openCall !== event.index) {
          out += this.openBlock('tool_use', { type: 'tool_use', id: event.id ?? '', name: event.name ?? '', input: {} });
          this.openCall = event.index;
        }
        if (event.argumentsDelta === '') return out;
        return out + this.delta(`{"type":"input_json_delta","partial_json":${JSON.stringify(event.argumentsDelta)}}`);
      }
      case 'finish': {
        const response = event.response;
        const delta = { stop_reason: toAnthropicStopReason(event.finishReason, response), stop_sequence: null };
        return (
          this.start() +
          this.close() +
          sse('message_delta', JSON.stringify({ type: 'message_delta', delta, usage: toAnthropicUsage(response.usage) })) +
          sse('message_stop', '{"type":"message_stop"}')
        );
      }
      default:
        return '';
    }
  }

  fail(failure: HttpFailure): string {
    return sse('error', JSON.stringify(anthropicErrorBody(failure)));
  }
}
