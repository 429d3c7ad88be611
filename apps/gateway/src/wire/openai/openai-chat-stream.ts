import type { StreamEvent } from '@llm/schema';
import type { HttpFailure } from '../../http/http-failure.js';
import type { ReplyContext, StreamEncoder } from '../wire-format.js';
import { openAIErrorObject } from './openai-error-reply.js';
import { toOpenAIUsage } from './openai-usage.js';

const DONE = 'data: [DONE]\n\n';

/**
 * Our stream events → `chat.completion.chunk` server-sent events. The first content goes out
 * with the role chunk before it; the finish chunk, the usage chunk (with `include_usage`, cost
 * included) and `[DONE]` follow the finish event only. A stream that fails after content gets an
 * `error` event and no `[DONE]`.
 */
export class OpenAIChatStreamEncoder implements StreamEncoder {
  /** Everything of a chunk up to its `choices`, the same for every chunk of the stream. */
  private readonly head: string;
  private started = false;

  constructor(private readonly context: ReplyContext) {
    this.head = `data: {"id":${JSON.stringify(context.id)},"object":"chat.completion.chunk","created":${context.created},"model":${JSON.stringify(context.model)},"choices":`;
  }

  private chunk(delta: string, finish = 'null'): string {
    return `${this.head}[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finish}}]}\n\n`;
  }

  private opening(): string {
    if (this.started) return '';
    this.started = true;
    return this.chunk('{"role":"assistant","content":""}');
  }

  encode(event: StreamEvent<unknown>): string {
    switch (event.type) {
      case 'text-delta':
        return this.opening() + this.chunk(`{"content":${JSON.stringify(event.text)}}`);
      case 'reasoning-delta':
        return this.opening() + this.chunk(`{"reasoning_content":${JSON.stringify(event.text)}}`);
      case 'tool-call-delta': {
        const call: Record<string, unknown> = { index: event.index };
        if (event.id !== undefined) call.id = event.id;
        if (event.id !== undefined || event.name !== undefined) call.type = 'function';
        const fn: Record<string, unknown> = { arguments: event.argumentsDelta };
        if (event.name !== undefined) fn.name = event.name;
        call.function = fn;
        return this.opening() + this.chunk(`{"tool_calls":[${JSON.stringify(call)}]}`);
      }
      case 'finish': {
        const response = event.response;
        let out = this.opening() + this.chunk('{}', JSON.stringify(event.finishReason));
        if (this.context.includeUsage) out += `${this.head}[],"usage":${JSON.stringify(toOpenAIUsage(response.usage))}}\n\n`;
        return out + DONE;
      }
      default:
        // Assembled tool calls were streamed as their fragments; usage goes out with the finish.
        return '';
    }
  }

  fail(failure: HttpFailure): string {
    return `data: ${JSON.stringify({ error: openAIErrorObject(failure) })}\n\n`;
  }
}
