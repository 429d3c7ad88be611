import type { ChatRequest, ChatResponse, StreamEvent, ToolCall, Usage } from '@llm/schema';
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
  const calls = toolCalls ?? tr.toolCalls.map((raw) => parseToolCall(raw, request.tools, parseCtx));
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
  if (tr.reasoning) response.reasoning = tr.reasoning;
  if (tr.rawFinishReason !== undefined) response.rawFinishReason = tr.rawFinishReason;
  if (tr.systemFingerprint !== undefined) response.systemFingerprint = tr.systemFingerprint;
  if (tr.requestId !== undefined) response.requestId = tr.requestId;
  if (tr.providerMetadata !== undefined) response.providerMetadata = tr.providerMetadata;
  if (request.output) {
    response.object = parseStructuredOutput(tr.text, request.output as z.ZodType<TOutput>, parseCtx);
  }
  return response;
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

/**
 * Turns a transport's parts into the caller's events: deltas pass through untouched,
 * tool-call fragments are assembled, and the stream ends with tool-call events and a
 * finish event carrying the same response `chat` would return.
 */
export async function* assembleStream<TOutput>(
  parts: AsyncIterable<TransportStreamPart>,
  request: ChatRequest<TOutput>,
  ctx: ParseContext,
): AsyncGenerator<StreamEvent<TOutput>> {
  let text = '';
  let reasoning = '';
  let usage: Usage | undefined;
  let finish: FinishPart | undefined;
  let metadata: MetadataPart | undefined;
  const pending = new Map<number, PendingCall>();
  for await (const part of parts) {
    switch (part.type) {
      case 'text-delta':
        text += part.text;
        yield part;
        break;
      case 'reasoning-delta':
        reasoning += part.text;
        yield part;
        break;
      case 'tool-call-delta': {
        const call = pending.get(part.index);
        if (call) {
          if (part.id && !call.id) call.id = part.id;
          if (part.name && !call.name) call.name = part.name;
          call.args += part.argumentsDelta;
        } else {
          pending.set(part.index, { id: part.id ?? '', name: part.name ?? '', args: part.argumentsDelta });
        }
        yield part;
        break;
      }
      case 'usage':
        usage = part.usage;
        yield part;
        break;
      case 'metadata':
        metadata = metadata ? { ...metadata, ...part } : part;
        break;
      case 'finish':
        finish = part;
        break;
    }
  }
  if (!finish) {
    throw new LLMError({ code: 'network', message: 'the stream ended before the vendor finished it', provider: ctx.provider, model: ctx.model });
  }
  const model = metadata?.model ?? ctx.model;
  const rawCalls: RawToolCall[] = [];
  for (const [index, call] of [...pending.entries()].sort((a, b) => a[0] - b[0])) {
    if (!call.name) {
      throw new LLMError({ code: 'malformed_response', message: `streamed tool call #${index} never named its tool`, rawText: call.args, provider: ctx.provider, model });
    }
    rawCalls.push({ id: call.id || `call_${index}`, name: call.name, arguments: call.args });
  }
  const parseCtx: ParseContext = { provider: ctx.provider, model };
  const toolCalls = rawCalls.map((raw) => parseToolCall(raw, request.tools, parseCtx));
  for (const toolCall of toolCalls) yield { type: 'tool-call', toolCall };
  const tr: TransportResponse = {
    text,
    toolCalls: rawCalls,
    finishReason: finish.finishReason,
    ...(finish.rawFinishReason !== undefined ? { rawFinishReason: finish.rawFinishReason } : {}),
    ...(usage ? { usage } : {}),
    ...(reasoning ? { reasoning } : {}),
  };
  if (metadata) {
    if (metadata.id !== undefined) tr.id = metadata.id;
    if (metadata.model !== undefined) tr.model = metadata.model;
    if (metadata.created !== undefined) tr.created = metadata.created;
    if (metadata.systemFingerprint !== undefined) tr.systemFingerprint = metadata.systemFingerprint;
    if (metadata.requestId !== undefined) tr.requestId = metadata.requestId;
    if (metadata.providerMetadata !== undefined) tr.providerMetadata = metadata.providerMetadata;
  }
  const response = buildResponse(tr, request, ctx, toolCalls);
  yield { type: 'finish', finishReason: response.finishReason, response };
}
