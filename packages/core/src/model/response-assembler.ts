import type { ChatRequest, ChatResponse, IncompleteToolCall, StreamEvent, ToolCall, Usage } from '@llm/schema';
import { LLMError } from '@llm/errors';
import type { z } from 'zod';
import { parseStructuredOutput, parseToolCall, type ParseContext } from './output-parser.js';
import type { FinishPart, MetadataPart, RawToolCall, TransportResponse, TransportStreamPart } from './transport.js';

const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

let counter = 0;
function localId(): string {
  counter = (counter + 1) % 1e9;
  return `llm-${Date.now().toString(36)}-${counter.toString(36)}`;
}

/** The final response from what the vendor sent: tool calls and structured output parsed and validated. */
export function buildResponse<TOutput>(
  tr: TransportResponse,
  request: ChatRequest<TOutput>,
  ctx: ParseContext,
  toolCalls?: ToolCall[],
): ChatResponse<TOutput> {
  const parseCtx: ParseContext = { provider: ctx.provider, model: tr.model ?? ctx.model };
  const split = toolCalls ? undefined : splitCutOffCalls(tr);
  const calls = toolCalls ?? split!.whole.map((raw) => parseToolCall(raw, request.tools, parseCtx));
  const response: ChatResponse<TOutput> = {
    id: tr.id ?? localId(),
    provider: ctx.provider,
    model: tr.model ?? ctx.model,
    created: tr.created ?? Math.floor(Date.now() / 1000),
    text: tr.text,
    toolCalls: calls,
    finishReason: tr.finishReason,
    usage: tr.usage ?? ZERO_USAGE,
    object: undefined as TOutput,
  };
  const cut = split?.cut.length ? split.cut : tr.incompleteToolCalls;
  if (cut?.length) response.incompleteToolCalls = cut;
  if (tr.reasoning) response.reasoning = tr.reasoning;
  if (tr.reasoningParts?.length) response.reasoningParts = tr.reasoningParts;
  if (tr.rawFinishReason !== undefined) response.rawFinishReason = tr.rawFinishReason;
  if (tr.systemFingerprint !== undefined) response.systemFingerprint = tr.systemFingerprint;
  if (tr.serviceTier !== undefined) response.serviceTier = tr.serviceTier;
  if (tr.requestId !== undefined) response.requestId = tr.requestId;
  if (tr.providerMetadata !== undefined) response.providerMetadata = tr.providerMetadata;
  if (request.output) {
    response.object = parseStructuredOutput(tr.text, request.output as z.ZodType<TOutput>, parseCtx);
  }
  return response;
}

/** Whether a call's arguments are JSON text that does not parse (cut off mid-way). */
function unfinishedJson(args: RawToolCall['arguments']): boolean {
  if (typeof args !== 'string' || args.trim() === '') return false;
  try {
    JSON.parse(args);
    return false;
  } catch {
    return true;
  }
}

/**
 * A reply's calls split into whole ones and those cut off by the length limit with their arguments
 * unfinished: the cut ones are kept apart (`incompleteToolCalls`), never parsed as a malformed
 * reply and never run. With any other finish, unparseable arguments stay a `malformed_response`.
 */
function splitCutOffCalls(tr: TransportResponse): { whole: RawToolCall[]; cut: IncompleteToolCall[] } {
  if (tr.finishReason !== 'length' || !tr.toolCalls.some((raw) => unfinishedJson(raw.arguments))) return { whole: tr.toolCalls, cut: [] };
  const whole: RawToolCall[] = [];
  const cut: IncompleteToolCall[] = [];
  for (const raw of tr.toolCalls) {
    if (unfinishedJson(raw.arguments)) cut.push({ id: raw.id, name: raw.name, argumentsText: raw.arguments as string });
    else whole.push(raw);
  }
  return { whole, cut };
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
  signature?: string;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Turns a transport's parts into the caller's events: deltas pass through untouched,
 * tool-call fragments are assembled, and the stream ends with tool-call events and a
 * finish event carrying the same response `chat` would return.
 *
 * A hand-written iterator rather than an async generator: each part costs one `then` on
 * the transport's promise, not a generator's several promise hops.
 */
export class StreamAssembler<TOutput> implements AsyncIterableIterator<StreamEvent<TOutput>> {
  private iterator: AsyncIterator<TransportStreamPart> | undefined;
  private text = '';
  private reasoning = '';
  private usage: Usage | undefined;
  private finish: FinishPart | undefined;
  private metadata: MetadataPart | undefined;
  private pending: Map<number, PendingCall> | undefined;
  /** The closing events, once the parts have ended. */
  private tail: StreamEvent<TOutput>[] | undefined;
  private done = false;

  constructor(
    private readonly parts: AsyncIterable<TransportStreamPart>,
    private readonly request: ChatRequest<TOutput>,
    private readonly ctx: ParseContext,
    /** Told of every part the transport yields (the vendor is alive), metadata included. */
    private readonly onActivity?: () => void,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent<TOutput>>> {
    if (this.done) return Promise.resolve(DONE);
    if (this.tail) return Promise.resolve(this.fromTail());
    let pending: Promise<IteratorResult<TransportStreamPart>>;
    try {
      this.iterator ??= this.parts[Symbol.asyncIterator]();
      pending = Promise.resolve(this.iterator.next());
    } catch (err) {
      this.done = true;
      return Promise.reject(err as Error);
    }
    return pending.then(this.onPart, this.onError);
  }

  async return(): Promise<IteratorResult<StreamEvent<TOutput>>> {
    if (!this.done) {
      this.done = true;
      await this.iterator?.return?.();
    }
    return DONE;
  }

  private readonly onError = (err: unknown): never => {
    this.done = true;
    throw err;
  };

  private readonly onPart = (result: IteratorResult<TransportStreamPart>): IteratorResult<StreamEvent<TOutput>> | Promise<IteratorResult<StreamEvent<TOutput>>> => {
    if (result.done) {
      try {
        this.tail = this.closingEvents();
      } catch (err) {
        this.done = true;
        throw err;
      }
      return this.fromTail();
    }
    const part = result.value;
    this.onActivity?.();
    // Deltas and usage pass through as they are: the transport's own result object is handed on.
    const passOn = result as IteratorYieldResult<StreamEvent<TOutput>>;
    switch (part.type) {
      case 'text-delta':
        this.text += part.text;
        return passOn;
      case 'reasoning-delta':
        this.reasoning += part.text;
        return passOn;
      case 'tool-call-delta': {
        this.pending ??= new Map();
        const call = this.pending.get(part.index);
        if (call) {
          if (part.id && !call.id) call.id = part.id;
          if (part.name && !call.name) call.name = part.name;
          if (part.signature) call.signature = part.signature;
          call.args += part.argumentsDelta;
        } else {
          const call: PendingCall = { id: part.id ?? '', name: part.name ?? '', args: part.argumentsDelta };
          if (part.signature) call.signature = part.signature;
          this.pending.set(part.index, call);
        }
        return passOn;
      }
      case 'usage':
        this.usage = part.usage;
        return passOn;
      case 'metadata':
        this.metadata = this.metadata ? { ...this.metadata, ...part } : part;
        return this.next();
      case 'finish':
        this.finish = part;
        return this.next();
      default:
        return this.next();
    }
  };

  private fromTail(): IteratorResult<StreamEvent<TOutput>> {
    const event = this.tail!.shift();
    if (event) return { done: false, value: event };
    this.done = true;
    return DONE;
  }

  /** The tool-call events and the finish event, once every part has arrived. */
  private closingEvents(): StreamEvent<TOutput>[] {
    const { ctx, request, finish, metadata } = this;
    if (!finish) {
      throw new LLMError({ code: 'network', message: 'the stream ended before the vendor finished it', provider: ctx.provider, model: ctx.model });
    }
    const model = metadata?.model ?? ctx.model;
    const rawCalls: RawToolCall[] = [];
    if (this.pending) {
      for (const [index, call] of [...this.pending.entries()].sort((a, b) => a[0] - b[0])) {
        if (!call.name) {
          throw new LLMError({ code: 'malformed_response', message: `streamed tool call #${index} never named its tool`, rawText: call.args, provider: ctx.provider, model });
        }
        rawCalls.push({ id: call.id || `call_${index}`, name: call.name, arguments: call.args, ...(call.signature ? { signature: call.signature } : {}) });
      }
    }
    const parseCtx: ParseContext = { provider: ctx.provider, model };
    const tr: TransportResponse = { text: this.text, toolCalls: rawCalls, finishReason: finish.finishReason };
    const { whole, cut } = splitCutOffCalls(tr);
    tr.toolCalls = whole;
    if (cut.length > 0) tr.incompleteToolCalls = cut;
    const toolCalls = tr.toolCalls.map((raw) => parseToolCall(raw, request.tools, parseCtx));
    const events: StreamEvent<TOutput>[] = toolCalls.map((toolCall) => ({ type: 'tool-call', toolCall }));
    if (finish.rawFinishReason !== undefined) tr.rawFinishReason = finish.rawFinishReason;
    if (this.usage) tr.usage = this.usage;
    if (this.reasoning) tr.reasoning = this.reasoning;
    if (metadata) {
      if (metadata.id !== undefined) tr.id = metadata.id;
      if (metadata.model !== undefined) tr.model = metadata.model;
      if (metadata.created !== undefined) tr.created = metadata.created;
      if (metadata.systemFingerprint !== undefined) tr.systemFingerprint = metadata.systemFingerprint;
      if (metadata.serviceTier !== undefined) tr.serviceTier = metadata.serviceTier;
      if (metadata.requestId !== undefined) tr.requestId = metadata.requestId;
      if (metadata.providerMetadata !== undefined) tr.providerMetadata = metadata.providerMetadata;
      if (metadata.reasoningParts !== undefined) tr.reasoningParts = metadata.reasoningParts;
    }
    const response = buildResponse(tr, request, ctx, toolCalls);
    events.push({ type: 'finish', finishReason: response.finishReason, response });
    return events;
  }
}

/**
 * Turns a transport's parts into the caller's events (see `StreamAssembler`), as an
 * async generator.
 */
export async function* assembleStream<TOutput>(
  parts: AsyncIterable<TransportStreamPart>,
  request: ChatRequest<TOutput>,
  ctx: ParseContext,
): AsyncGenerator<StreamEvent<TOutput>> {
  yield* new StreamAssembler(parts, request, ctx);
}
