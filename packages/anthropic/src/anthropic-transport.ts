import { createChatModel, ServerSentEventParts, type ChatModel, type ChatTransport, type TransportCallOptions, type TransportResponse } from '@llm/core';
import type Anthropic from '@anthropic-ai/sdk';
import type { AnthropicStructuredOutputMode } from './anthropic-config.js';
import { mapAnthropicError } from './anthropic-error.js';
import { toMessagesBody } from './anthropic-request.js';
import { fromMessage } from './anthropic-response.js';
import { MessageEventSink } from './anthropic-stream.js';

export interface AnthropicTransportSettings {
  client: Anthropic;
  modelId: string;
  /** `anthropic` unless a wrapper reports under another name. */
  provider?: string;
  /** How structured output is asked for: `native` (`output_config.format`, default) or `tool` (a forced `json_output` call). */
  structuredOutput?: AnthropicStructuredOutputMode;
  /** Values masked in every error this transport makes (the key, secret header values: `providerSecrets`). */
  secrets?: readonly string[] | undefined;
}

function requestOptions({ signal, headers }: TransportCallOptions): Anthropic.RequestOptions {
  return { ...(signal ? { signal } : {}), ...(headers ? { headers } : {}) };
}

/** A Messages API transport over the official @anthropic-ai/sdk. */
export function createAnthropicTransport(settings: AnthropicTransportSettings): ChatTransport {
  const { client, modelId } = settings;
  const provider = settings.provider ?? 'anthropic';
  const ctx = { provider, model: modelId };
  const secrets = settings.secrets ?? [];
  const mapError = (err: unknown) => mapAnthropicError(err, ctx).maskSecrets(secrets);
  const plan = (request: Parameters<ChatTransport['doChat']>[0]) =>
    toMessagesBody(request, { modelId, ...(settings.structuredOutput ? { structuredOutput: settings.structuredOutput } : {}) });

  return {
    provider,
    modelId,
    async doChat(request, options): Promise<TransportResponse> {
      try {
        const { body, outputTool } = plan(request);
        const { data, response } = await client.messages.create(body, requestOptions(options)).withResponse();
        const out = fromMessage(data, ctx, outputTool);
        const requestId = response.headers.get('request-id');
        if (requestId) out.requestId = requestId;
        return out;
      } catch (err) {
        throw mapError(err);
      }
    },
    doStream(request, options) {
      // The SDK builds, authenticates and sends the request and throws its errors for non-2xx
      // replies; the body is read here (see ServerSentEventParts), not through the SDK's stream.
      const sink = new MessageEventSink(ctx);
      const open = () => {
        const { body, outputTool } = plan(request);
        sink.outputTool = outputTool;
        return client.messages.create({ ...body, stream: true }, requestOptions(options)).asResponse();
      };
      return new ServerSentEventParts(open, sink, mapError, options.signal);
    },
  };
}

/** A ChatModel on the Anthropic transport. */
export function createAnthropicChatModel(settings: AnthropicTransportSettings): ChatModel {
  return createChatModel(createAnthropicTransport(settings));
}
