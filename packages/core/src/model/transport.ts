import type {
  CallSettings,
  FinishReason,
  IncompleteToolCall,
  Message,
  ReasoningPart,
  ResponseFormat,
  ToolCallDeltaEvent,
  ToolChoice,
  ToolDefinition,
  ReasoningDeltaEvent,
  TextDeltaEvent,
  Usage,
} from '@llm/schema';

/**
 * The vendor-facing side of a model: what a provider package implements.
 * Requests arrive validated and normalised (tools and output schemas already JSON Schema);
 * the ChatModel built on it does the parsing, validation, assembly and bookkeeping.
 */
export interface ChatTransport {
  readonly provider: string;
  readonly modelId: string;
  doChat(request: TransportRequest, options: TransportCallOptions): Promise<TransportResponse>;
  doStream(request: TransportRequest, options: TransportCallOptions): AsyncIterable<TransportStreamPart>;
}

export interface TransportRequest extends Omit<CallSettings, 'tags'> {
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
}

export interface TransportCallOptions {
  /** The caller's signal (for `doChat`, absent when the caller gave none); for `doStream`, the stream's own. */
  signal?: AbortSignal;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
  /**
   * For `doStream`: call it for each chunk the vendor sends (a keep-alive or role-only chunk
   * included), so the idle limit counts the vendor's silence. The ChatModel already counts every
   * part the transport yields; a transport that reads chunks yielding nothing should call it too.
   */
  onActivity?: () => void;
}

/** A tool call as the vendor sent it; arguments as JSON text, or an object where the vendor sends one (Gemini). */
export interface RawToolCall {
  id: string;
  name: string;
  arguments: string | Record<string, unknown>;
  /** The vendor's signature on the call (Gemini 3's thought signature), to be sent back with it. */
  signature?: string;
}

export interface TransportResponse {
  id?: string;
  model?: string;
  created?: number;
  text: string;
  reasoning?: string;
  /** Reasoning blocks the vendor wants back in the next turn (signed thinking). */
  reasoningParts?: ReasoningPart[];
  toolCalls: RawToolCall[];
  /** Calls cut off by the length limit, kept apart by the assembler (never parsed, never run). */
  incompleteToolCalls?: IncompleteToolCall[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  /** Undefined only when the vendor sent none; the ChatModel then reports zeros and warns. */
  usage?: Usage;
  systemFingerprint?: string;
  /** The service tier that served the reply (OpenAI `service_tier`). */
  serviceTier?: string;
  requestId?: string;
  providerMetadata?: Record<string, unknown>;
}

export interface MetadataPart {
  type: 'metadata';
  id?: string;
  model?: string;
  created?: number;
  systemFingerprint?: string;
  /** The service tier that served the reply (OpenAI `service_tier`). */
  serviceTier?: string;
  requestId?: string;
  providerMetadata?: Record<string, unknown>;
  /** The stream's reasoning blocks to send back (signed thinking), once known. */
  reasoningParts?: ReasoningPart[];
}
export interface UsagePart { type: 'usage'; usage: Usage }
export interface FinishPart { type: 'finish'; finishReason: FinishReason; rawFinishReason?: string }

/** What `doStream` yields. Text, reasoning and tool-call deltas pass to the caller as they are. */
export type TransportStreamPart = TextDeltaEvent | ReasoningDeltaEvent | ToolCallDeltaEvent | MetadataPart | UsagePart | FinishPart;
