import { ApiError, type Candidate, type FunctionCall, type GenerateContentResponse } from '@google/genai';
import { isReplyObject, rawReplyText, replyString, type ServerSentEventSink, type TransportStreamPart } from '@llm/core';
import { getRequestId, LLMError } from '@llm/errors';
import type { Usage } from '@llm/schema';
import {
  assertCandidateUsable,
  candidateParts,
  FILTERED_FINISH_REASONS,
  firstCandidate,
  mapGeminiFinishReason,
  mapGeminiUsage,
  promptBlockedError,
  type ResponseContext,
} from './google-response.js';
import { StreamedFunctionCall } from './google-streamed-call.js';
import { randomResponseKey, toolCallId, type ThoughtSignatures } from './google-tool-calls.js';

type Parts = TransportStreamPart[];
/** One event's JSON: the wire's `GenerateContentResponse` fields this reader uses (not the SDK's class). */
type Chunk = Pick<GenerateContentResponse, 'candidates' | 'usageMetadata' | 'promptFeedback' | 'responseId' | 'modelVersion'>;

/**
 * The SDK's in-stream error rule (`throwIfStreamErrorChunk`): a chunk whose `error` is an object with
 * a 400-599 `code` is the SDK's `ApiError`, with the message the SDK gives it (its status, then the
 * chunk's JSON), so `mapGoogleError` reads it as it reads the SDK's own.
 */
function streamError(chunk: Record<string, unknown>, data: string): ApiError | undefined {
  const error = chunk.error;
  if (!isReplyObject(error) || typeof error.code !== 'number' || error.code < 400 || error.code >= 600) return undefined;
  return new ApiError({ message: `got status: ${String(error.status)}. ${data}`, status: error.code });
}

/**
 * The wire's `citationMetadata` as the SDK's types name it (`citationSources` → `citations`), for
 * the error of a filtered reply; the only rename the SDK's converter makes among the fields read here.
 */
function sdkCandidate(candidate: Candidate): Candidate {
  const citation = candidate.citationMetadata as { citationSources?: unknown } | undefined;
  if (!isReplyObject(citation) || citation.citationSources === undefined) return candidate;
  const { citationSources, ...rest } = citation;
  return { ...candidate, citationMetadata: { ...rest, citations: citationSources as NonNullable<Candidate['citationMetadata']>['citations'] } };
}

/**
 * `streamGenerateContent?alt=sse` events → transport parts, read as the SDK reads them (each
 * event's data is one `GenerateContentResponse`; an `error` chunk with a 400-599 code throws the
 * SDK's `ApiError`), without the SDK's per-event `Response`, `HttpResponse` and converted objects:
 * each event's JSON goes straight into at most its own parts.
 *
 * Gemini sends each function call whole in one chunk, so each becomes one tool-call delta carrying
 * all its arguments as JSON; a call streamed in pieces (Gemini 3 on Vertex AI, `partialArgs` /
 * `willContinue`) becomes a delta naming it, then one with its arguments once its last piece
 * arrives. Every chunk repeats the usage so far: the last one wins and is reported once, at the
 * end, or before the error when the stream fails (the tokens are billed). A block or filter ends
 * the stream with a `content_filtered` LLMError after the text already sent.
 *
 * Every field read is checked for its type (see `candidateParts`): a chunk that is not an object,
 * or has none of candidates, usage and prompt feedback (`{"foo":1}`), is a `malformed_response`.
 */
export class GenerateContentSink implements ServerSentEventSink<TransportStreamPart> {
  private first = true;
  private key = '';
  private model: string;
  private requestId: string | undefined;
  private usage: Usage | undefined;
  private usageSent = false;
  private rawFinish: string | undefined;
  private calls = 0;
  private text = '';
  private streamed: StreamedFunctionCall | undefined;

  constructor(
    private readonly ctx: ResponseContext,
    /** Remembers each call's thought signature, to send back with the call (shared by a provider's models). */
    private readonly signatures?: ThoughtSignatures,
  ) {
    this.model = ctx.model;
  }

  opened(response: Response): void {
    this.requestId = getRequestId(response.headers);
  }

  event(data: string, _name: string | undefined, parts: Parts): void {
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch (err) {
      throw new LLMError({ code: 'malformed_response', message: `${this.ctx.provider} malformed_response: a stream event is not JSON`, provider: this.ctx.provider, model: this.model, rawText: rawReplyText(data), cause: err });
    }
    if (isReplyObject(chunk)) {
      const error = streamError(chunk, data);
      if (error) throw error;
    }
    // A chunk with none of the fields a reply is made of (`null`, `{"foo":1}`) is not a reply.
    if (!isReplyObject(chunk) || (chunk.candidates === undefined && chunk.usageMetadata === undefined && chunk.promptFeedback === undefined)) {
      throw this.malformed('a stream chunk has no candidates, usage or prompt feedback', chunk);
    }
    this.read(chunk as Chunk, parts);
  }

  failed(parts: Parts): void {
    if (this.usage && !this.usageSent) {
      this.usageSent = true;
      parts.push({ type: 'usage', usage: this.usage });
    }
  }

  end(parts: Parts): void {
    // The usage first: it is handed out even when the end is an error.
    this.failed(parts);
    const { streamed } = this;
    if (streamed) throw this.malformed(`the stream ended in the middle of function call ${streamed.name}`, { name: streamed.name, arguments: streamed.argumentsJson() });
    const raw = this.rawFinish;
    if (raw !== undefined) parts.push({ type: 'finish', finishReason: mapGeminiFinishReason(raw, this.calls > 0), rawFinishReason: raw });
  }

  private malformed(message: string, raw: unknown): LLMError {
    const { provider } = this.ctx;
    return new LLMError({ code: 'malformed_response', message: `${provider} malformed_response: ${message}`, provider, model: this.model, rawText: rawReplyText(raw) });
  }

  private read(chunk: Chunk, parts: Parts): void {
    const { provider } = this.ctx;
    if (this.first) {
      this.first = false;
      const ctx = { provider, model: this.model };
      const responseId = replyString(chunk.responseId, 'responseId', ctx, chunk);
      this.key = responseId ?? randomResponseKey();
      this.model = replyString(chunk.modelVersion, 'modelVersion', ctx, chunk) || this.model;
      parts.push({ type: 'metadata', model: this.model, ...(responseId ? { id: responseId } : {}), ...(this.requestId ? { requestId: this.requestId } : {}) });
    }
    const ctx = { provider, model: this.model };
    if (chunk.usageMetadata) this.usage = mapGeminiUsage(chunk.usageMetadata, ctx, chunk);
    if (chunk.promptFeedback?.blockReason) throw promptBlockedError(chunk.promptFeedback, ctx, this.usage);
    const candidate = firstCandidate(chunk, ctx, chunk);
    if (!candidate) return;
    for (const part of candidateParts(candidate, ctx, chunk)) {
      if (part.functionCall && (this.streamed || StreamedFunctionCall.isPiece(part.functionCall))) this.piece(part.functionCall, part.thoughtSignature, parts);
      else if (part.functionCall) {
        const id = toolCallId(part.functionCall.id, this.key, this.calls);
        this.signatures?.remember(id, part.thoughtSignature);
        parts.push({
          type: 'tool-call-delta',
          index: this.calls++,
          id,
          name: part.functionCall.name || '',
          argumentsDelta: JSON.stringify(part.functionCall.args ?? {}),
          ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}),
        });
      } else if (part.text) {
        if (part.thought === true) parts.push({ type: 'reasoning-delta', text: part.text });
        else {
          this.text += part.text;
          parts.push({ type: 'text-delta', text: part.text });
        }
      }
    }
    const finish = candidate.finishReason;
    if (finish) {
      assertCandidateUsable(FILTERED_FINISH_REASONS.has(finish) ? sdkCandidate(candidate) : candidate, ctx, this.text, this.usage);
      this.rawFinish = finish;
    }
  }

  /** One piece of a function call streamed in pieces (`partialArgs`, `willContinue`). */
  private piece(piece: FunctionCall, signature: string | undefined, parts: Parts): void {
    if (piece.name !== undefined) {
      if (this.streamed) throw this.malformed(`function call ${this.streamed.name} was still streaming its arguments when ${piece.name} began`, piece);
      const id = toolCallId(piece.id, this.key, this.calls);
      this.signatures?.remember(id, signature);
      this.streamed = new StreamedFunctionCall(this.calls++, id, piece.name);
      parts.push({ type: 'tool-call-delta', index: this.streamed.index, id, name: piece.name, argumentsDelta: '', ...(signature ? { signature } : {}) });
    }
    const streamed = this.streamed;
    if (!streamed) throw this.malformed('a streamed function-call piece came before the part naming its function', piece);
    const problem = streamed.add(piece);
    if (problem) throw this.malformed(problem, piece);
    if (StreamedFunctionCall.ends(piece)) {
      parts.push({ type: 'tool-call-delta', index: streamed.index, argumentsDelta: streamed.argumentsJson() });
      this.streamed = undefined;
    }
  }
}
