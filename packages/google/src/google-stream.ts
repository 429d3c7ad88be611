import type { GenerateContentResponse } from '@google/genai';
import type { FinishPart, TransportStreamPart } from '@llm/core';
import type { Usage } from '@llm/schema';
import { assertCandidateUsable, mapGeminiFinishReason, mapGeminiUsage, promptBlockedError, type ResponseContext } from './google-response.js';
import { randomResponseKey, toolCallId, type ThoughtSignatures } from './google-tool-calls.js';

/**
 * `streamGenerateContent` chunks → transport parts, with no validation and no extra async
 * layer. Gemini sends each function call whole in one chunk, so each becomes one
 * tool-call delta carrying all its arguments as JSON. Every chunk repeats the usage so far:
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
  try {
    for await (const chunk of chunks) {
      if (first) {
        first = false;
        key = chunk.responseId ?? randomResponseKey();
        if (chunk.modelVersion) model = chunk.modelVersion;
        yield { type: 'metadata', model, ...(chunk.responseId ? { id: chunk.responseId } : {}) };
      }
      if (chunk.usageMetadata) usage = mapGeminiUsage(chunk.usageMetadata);
      if (chunk.promptFeedback?.blockReason) throw promptBlockedError(chunk.promptFeedback, { provider: ctx.provider, model }, usage);
      const candidate = chunk.candidates?.[0];
      if (!candidate) continue;
      const parts = candidate.content?.parts;
      if (parts) {
        for (const part of parts) {
          if (part.functionCall) {
            const id = toolCallId(part.functionCall.id, key, calls);
            signatures?.remember(id, part.thoughtSignature);
            yield {
              type: 'tool-call-delta',
              index: calls++,
              id,
              name: part.functionCall.name ?? '',
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
      }
      if (candidate.finishReason) {
        assertCandidateUsable(candidate, { provider: ctx.provider, model }, text, usage);
        rawFinish = candidate.finishReason;
      }
    }
  } catch (err) {
    throw mapError(err);
  }
  if (rawFinish !== undefined) finish = { type: 'finish', finishReason: mapGeminiFinishReason(rawFinish, calls > 0), rawFinishReason: rawFinish };
  if (usage) yield { type: 'usage', usage };
  if (finish) yield finish;
}
