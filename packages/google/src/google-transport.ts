import type { GoogleGenAI } from '@google/genai';
import { createChatModel, type ChatModel, type ChatTransport, type TransportResponse } from '@llm/core';
import { mapGoogleError } from './google-error.js';
import { toGenerateContentParams } from './google-request.js';
import { fromGenerateContentResponse } from './google-response.js';
import { fromGenerateContentChunks } from './google-stream.js';
import { ThoughtSignatures } from './google-tool-calls.js';

export interface GoogleTransportSettings {
  client: GoogleGenAI;
  modelId: string;
  /** `google` unless a wrapper reports under another name. */
  provider?: string;
  /** Shared by the models of one provider, so a call made by one model can be replayed to another. */
  signatures?: ThoughtSignatures;
}

/** Strips the `models/` prefix Google's own names carry. */
export function bareModelId(modelId: string): string {
  return modelId.startsWith('models/') ? modelId.slice('models/'.length) : modelId;
}

/** A Gemini API transport over the official @google/genai SDK (`generateContent`, `streamGenerateContent?alt=sse`). */
export function createGoogleTransport(settings: GoogleTransportSettings): ChatTransport {
  const provider = settings.provider ?? 'google';
  const modelId = bareModelId(settings.modelId);
  const { client } = settings;
  const signatures = settings.signatures ?? new ThoughtSignatures();
  const ctx = { provider, model: modelId };

  return {
    provider,
    modelId,
    async doChat(request, { signal, headers }): Promise<TransportResponse> {
      try {
        const params = toGenerateContentParams(request, { modelId, provider, signatures, signal, headers });
        const response = await client.models.generateContent(params);
        return fromGenerateContentResponse(response, ctx, signatures);
      } catch (err) {
        throw mapGoogleError(err, { ...ctx, signal });
      }
    },
    doStream(request, { signal, headers }) {
      return fromGenerateContentChunks(
        () => client.models.generateContentStream(toGenerateContentParams(request, { modelId, provider, signatures, signal, headers })),
        (err) => mapGoogleError(err, { ...ctx, signal }),
        ctx,
        signatures,
      );
    },
  };
}

/** A ChatModel on a Gemini transport. */
export function createGoogleChatModel(settings: GoogleTransportSettings): ChatModel {
  return createChatModel(createGoogleTransport(settings));
}
