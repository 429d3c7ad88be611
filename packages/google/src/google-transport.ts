import type { GoogleGenAI } from '@google/genai';
import { createChatModel, ServerSentEventParts, withLinkedSignal, type ChatModel, type ChatTransport, type TransportResponse } from '@llm/core';
import { mapGoogleError } from './google-error.js';
import { googleSdkFetch } from './google-fetch.js';
import { toGenerateContentParams } from './google-request.js';
import { fromGenerateContentResponse } from './google-response.js';
import { GenerateContentSink } from './google-stream.js';
import { ThoughtSignatures } from './google-tool-calls.js';

export interface GoogleTransportSettings {
  client: GoogleGenAI;
  modelId: string;
  /** `google` unless a wrapper reports under another name. */
  provider?: string;
  /** Shared by the models of one provider, so a call made by one model can be replayed to another. */
  signatures?: ThoughtSignatures;
  /**
   * The fetch the client runs on (`googleSdkFetch` of the provider's `fetch`/`transport` settings):
   * a streamed request is sent with it, so that its reply's body can be read here. By default
   * `googleSdkFetch()`, the default transport; pass the client's own when it was built with a
   * custom `httpOptions.fetch`.
   */
  fetch?: typeof fetch;
  /** Values masked in every error this transport makes (the key, secret header values: `providerSecrets`). */
  secrets?: readonly string[] | undefined;
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
  const sdkFetch = settings.fetch ?? googleSdkFetch({}, provider);
  const secrets = settings.secrets ?? [];
  const mapError = (err: unknown, signal: AbortSignal | undefined) => mapGoogleError(err, { ...ctx, signal }).maskSecrets(secrets);

  return {
    provider,
    modelId,
    async doChat(request, { signal, headers }): Promise<TransportResponse> {
      try {
        // The SDK gets a signal of this call's own that follows the caller's: it adds an abort listener
        // to the signal it is given and never removes it, which would leave one per call on a signal
        // shared by many. Ours goes once the reply is read or the call failed.
        const response = await withLinkedSignal(signal, (own) => client.models.generateContent(toGenerateContentParams(request, { modelId, provider, signatures, signal: own, headers })));
        return fromGenerateContentResponse(response, ctx, signatures);
      } catch (err) {
        throw mapError(err, signal);
      }
    },
    doStream(request, { signal, headers }) {
      // The SDK builds, authenticates and sends the request and throws its `ApiError` for a non-2xx
      // reply; the body is read here (see ServerSentEventParts), not through the SDK's stream.
      // @google/genai has no `asResponse()`: the request's own fetch keeps the reply, and the
      // SDK's stream (which reads nothing until iterated) is left unread.
      const open = async (): Promise<Response> => {
        let reply: Response | undefined;
        const params = toGenerateContentParams(request, { modelId, provider, signatures, signal, headers });
        const config = (params.config ??= {});
        config.httpOptions = { ...config.httpOptions, fetch: async (input, init) => (reply = await sdkFetch(input, init)) };
        await client.models.generateContentStream(params);
        if (!reply) throw new TypeError('the SDK opened the stream without fetching it');
        return reply;
      };
      return new ServerSentEventParts(open, new GenerateContentSink(ctx, signatures), (err) => mapError(err, signal), signal);
    },
  };
}

/** A ChatModel on a Gemini transport. */
export function createGoogleChatModel(settings: GoogleTransportSettings): ChatModel {
  return createChatModel(createGoogleTransport(settings));
}
