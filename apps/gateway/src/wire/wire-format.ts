import type { ChatRequest, ChatResponse, StreamEvent } from '@llm/schema';
import type { HttpFailure } from '../http/http-failure.js';

/** A client's request in one wire format, as the framework's request. */
export interface WireRequest {
  /** The model the client named (a public name or `provider:model`). */
  model: string;
  request: ChatRequest;
  stream: boolean;
  /** OpenAI's `stream_options.include_usage`; Anthropic streams always carry usage. */
  includeUsage: boolean;
}

/** What a reply is labelled with: the gateway's id for it and the model name to show. */
export interface ReplyContext {
  id: string;
  /** Seconds since the epoch. */
  created: number;
  /** The model named in the reply. */
  model: string;
  includeUsage: boolean;
}

/** Turns one stream's events into the wire's SSE text, event by event. */
export interface StreamEncoder {
  /** The SSE text for an event ('' when the event has nothing to send in this wire). */
  encode(event: StreamEvent<unknown>): string;
  /** The SSE text that ends a stream that failed after content was sent: an error event, and no end marker. */
  fail(failure: HttpFailure): string;
}

/** The error reply of a request that failed before any of its reply was sent. */
export interface WireErrorReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One client-facing wire format: OpenAI's Chat Completions or Anthropic's Messages. */
export interface WireFormat {
  readonly name: 'openai' | 'anthropic';
  /** Parses and validates a request body (an `invalid_request` LLMError names every bad field). */
  parseRequest(body: unknown): WireRequest;
  responseBody(response: ChatResponse<unknown>, context: ReplyContext): unknown;
  streamEncoder(context: ReplyContext): StreamEncoder;
  errorReply(failure: HttpFailure): WireErrorReply;
}
