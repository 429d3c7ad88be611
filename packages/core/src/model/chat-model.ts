import type { ChatRequest, ChatResponse, CompletionRequest, CompletionResponse } from '@llm/schema';
import type { ChatStream } from './chat-stream.js';
import type { CallOptions } from './call-options.js';

/** One model of one provider, for plain text prompts. */
export interface LLM {
  readonly provider: string;
  readonly modelId: string;
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResponse>;
  streamComplete(request: CompletionRequest, options?: CallOptions): ChatStream<undefined>;
}

/** The chat surface: messages, tools, structured output, usage. Anything that is a ChatModel is also an LLM. */
export interface ChatModel extends LLM {
  chat<TOutput = undefined>(request: ChatRequest<TOutput>, options?: CallOptions): Promise<ChatResponse<TOutput>>;
  streamChat<TOutput = undefined>(request: ChatRequest<TOutput>, options?: CallOptions): ChatStream<TOutput>;
}

export type { CallOptions };
