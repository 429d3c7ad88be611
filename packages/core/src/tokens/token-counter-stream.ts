import type { ChatStream } from '../model/index.js';
import { observeStream } from '../middleware/index.js';
import type { TokenCounter } from './token-counter.js';

/** A stream with its output tokens counted as they arrive. */
export interface CountedStream<TOutput> {
  /** The same events as the stream given. */
  readonly stream: ChatStream<TOutput>;
  /** Output tokens so far: counted locally from the deltas, then the vendor's figure once it reports usage. */
  readonly outputTokens: number;
  /** True once the count is the vendor's own (its usage arrived). */
  readonly final: boolean;
}

/**
 * Counts a stream's output tokens while it streams: each text, reasoning and tool-argument
 * delta is counted with the model's counter (an exact tokenizer for OpenAI models, an estimate
 * otherwise) and the running figure is replaced by the vendor's count when its usage arrives.
 * Use it to show progress, or to stop a stream that grows too long.
 */
export function countStreamTokens<TOutput>(stream: ChatStream<TOutput>, counter: Pick<TokenCounter, 'countText'>): CountedStream<TOutput> {
  let outputTokens = 0;
  let final = false;
  const counted = observeStream(stream, {
    onEvent: (event) => {
      if (final) return;
      switch (event.type) {
        case 'text-delta':
        case 'reasoning-delta':
          outputTokens += counter.countText(event.text);
          break;
        case 'tool-call-delta':
          outputTokens += counter.countText(event.argumentsDelta) + (event.name ? counter.countText(event.name) : 0);
          break;
        case 'usage':
          outputTokens = event.usage.outputTokens;
          final = true;
          break;
        case 'finish':
          outputTokens = event.response.usage.outputTokens;
          final = true;
          break;
        default:
          break;
      }
    },
  });
  return {
    stream: counted,
    get outputTokens() {
      return outputTokens;
    },
    get final() {
      return final;
    },
  };
}
