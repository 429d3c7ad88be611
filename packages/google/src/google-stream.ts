import type { GenerateContentResponse } from '@google/genai';
import { isReplyObject, rawReplyText, replyString, type FinishPart, type TransportStreamPart } from '@llm/core';
import type { Usage } from '@llm/schema';
import { assertCandidateUsable, candidateParts, firstCandidate, mapGeminiFinishReason, mapGeminiUsage, promptBlockedError, rawReply, type ResponseContext } from './google-response.js';
import { LLMError } from '@llm/errors';
import { StreamedFunctionCall } from './google-streamed-call.js';
import { randomResponseKey, toolCallId, type ThoughtSignatures } from './google-tool-calls.js';

/**
 * `streamGenerateContent` chunks → transport parts, with no validation and no extra async
 * layer. Gemini sends each function call whole in one chunk, so each becomes one
 * tool-call delta carrying all its arguments as JSON; a call streamed in pieces (Gemini 3 on
 * Vertex AI, `partialArgs` / `willContinue`) becomes a delta naming it, then one with its
 * arguments once its last piece arrives. Every chunk repeats the usage so far:
 * the last one wins and is reported once, at the end. A block or filter ends the stream
 * with a `content_filtered` LLMError after the text already sent.
 */
export async function* fromGenerateContentChunks(
  start: () => Promise<AsyncIterable<GenerateContentResponse>>,
  mapError: (err: unknown) => Error,
  ctx: ResponseContext,
  signatures?: ThoughtSignatures,
): AsyncGenerator<TransportStreamPart> {
  let chunks: AsyncIterable<GenerateContentResponse>;
  try {
    chunks = await start();
  } catch (err) {
    throw mapError(err);
  }
  let first = true;
  let key = '';
  let model = ctx.model;
  let usage: Usage | undefined;
  let finish: FinishPart | undefined;
  let rawFinish: string | undefined;
  let calls = 0;
  let text = '';
  let streamed: StreamedFunctionCall | undefined;
  const malformed = (message: string, raw: unknown) =>
    new LLMError({ code: 'malformed_response', message: `${ctx.provider} malformed_response: ${message}`, provider: ctx.provider, model, rawText: rawReplyText(raw) });
  try {
    for await (const chunk of chunks) {
      const raw = rawReply(chunk);
      // The SDK keeps only the fields it knows: a chunk with none of them (`null`, `{"foo":1}`) arrives empty.
      if (!isReplyObject(chunk) || (chunk.candidates === undefined && chunk.usageMetadata === undefined && chunk.promptFeedback === undefined)) {
        throw malformed('a stream chunk has no candidates, usage or prompt feedback', raw);
      }
      if (first) {
        first = false;
        const responseId = replyString(chunk.responseId, 'responseId', { provider: ctx.provider, model }, raw);
        key = responseId ?? randomResponseKey();
        model = replyString(chunk.modelVersion, 'modelVersion', { provider: ctx.provider, model }, raw) || model;
        yield { type: 'metadata', model, ...(responseId ? { id: responseId } : {}) };
      }
      const chunkCtx = { provider: ctx.provider, model };
      if (chunk.usageMetadata) usage = mapGeminiUsage(chunk.usageMetadata, chunkCtx, raw);
      if (chunk.promptFeedback?.blockReason) throw promptBlockedError(chunk.promptFeedback, chunkCtx, usage);
      const candidate = firstCandidate(chunk, chunkCtx, raw);
      if (!candidate) continue;
      const parts = candidateParts(candidate, chunkCtx, raw);
      for (const part of parts) {
        if (part.functionCall && (streamed || StreamedFunctionCall.isPiece(part.functionCall))) {
          const piece = part.functionCall;
          if (piece.name !== undefined) {
            if (streamed) throw malformed(`function call ${streamed.name} was still streaming its arguments when ${piece.name} began`, piece);
            const id = toolCallId(piece.id, key, calls);
            signatures?.remember(id, part.thoughtSignature);
            streamed = new StreamedFunctionCall(calls++, id, piece.name);
            yield { type: 'tool-call-delta', index: streamed.index, id, name: piece.name, argumentsDelta: '', ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}) };
          }
          if (!streamed) throw malformed('a streamed function-call piece came before the part naming its function', piece);
          const problem = streamed.add(piece);
          if (problem) throw malformed(problem, piece);
          if (StreamedFunctionCall.ends(piece)) {
            yield { type: 'tool-call-delta', index: streamed.index, argumentsDelta: streamed.argumentsJson() };
            streamed = undefined;
          }
        } else if (part.functionCall) {
          const id = toolCallId(part.functionCall.id, key, calls);
          signatures?.remember(id, part.thoughtSignature);
          yield {
            type: 'tool-call-delta',
            index: calls++,
            id,
            name: part.functionCall.name || '',
            argumentsDelta: JSON.stringify(part.functionCall.args ?? {}),
            ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}),
          };
        } else if (part.text) {
          if (part.thought === true) yield { type: 'reasoning-delta', text: part.text };
          else {
            text += part.text;
            yield { type: 'text-delta', text: part.text };
          }
        }
      }
      if (candidate.finishReason) {
        assertCandidateUsable(candidate, { provider: ctx.provider, model }, text, usage);
        rawFinish = candidate.finishReason;
      }
    }
  } catch (err) {
    throw mapError(err);
  }
  if (streamed) throw mapError(malformed(`the stream ended in the middle of function call ${streamed.name}`, { name: streamed.name, arguments: streamed.argumentsJson() }));
  if (rawFinish !== undefined) finish = { type: 'finish', finishReason: mapGeminiFinishReason(rawFinish, calls > 0), rawFinishReason: rawFinish };
  if (usage) yield { type: 'usage', usage };
  if (finish) yield finish;
}
