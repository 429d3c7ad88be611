import type { TransportRequest } from '@llm/core';
import { LLMError } from '@llm/errors';
import type OpenAI from 'openai';
import { toOpenAIMessages } from './openai-messages.js';
import { toOpenAIStrictParameters, toOpenAIStrictResponseSchema } from './openai-strict-schema.js';

export type ChatCompletionBody = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;

export interface OpenAIRequestOptions {
  modelId: string;
  /** The provider's name, for errors. */
  provider: string;
  /** `max_completion_tokens` for OpenAI (required by reasoning models); `max_tokens` for most compatible vendors. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** The key under `providerOptions` whose fields go into the body as they are. */
  providerOptionsKey: string;
}

/** A transport request in Chat Completions form. */
export function toChatCompletionBody(request: TransportRequest, options: OpenAIRequestOptions): ChatCompletionBody {
  const body: ChatCompletionBody = { model: options.modelId, messages: toOpenAIMessages(request.messages) };
  if (request.maxTokens !== undefined) body[options.maxTokensField] = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined) body.stop = request.stop;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description !== undefined ? { description: t.description } : {}),
        // Strict mode wants every property required: nullable ones are listed, optional ones refused here.
        parameters: t.strict === true ? toOpenAIStrictParameters(t.parameters, t.name, options) : t.parameters,
        ...(t.strict !== undefined ? { strict: t.strict } : {}),
      },
    }));
  }
  const choice = request.toolChoice;
  if (choice !== undefined && body.tools) {
    body.tool_choice = typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
  } else if (choice !== undefined && choice !== 'auto' && choice !== 'none') {
    // The API refuses tool_choice without tools; `auto` and `none` say nothing then and are left out.
    throw new LLMError({
      code: 'invalid_request',
      provider: options.provider,
      model: options.modelId,
      message: `${options.provider}: toolChoice ${typeof choice === 'string' ? `"${choice}"` : `{ name: "${choice.name}" }`} needs tools, and the request has none`,
    });
  }
  const rf = request.responseFormat;
  if (rf) {
    if (rf.type === 'text') body.response_format = { type: 'text' };
    else if (rf.type === 'json') body.response_format = { type: 'json_object' };
    else {
      const name = rf.name ?? 'output';
      body.response_format = {
        type: 'json_schema',
        json_schema: {
          name,
          // Strict mode takes a schema only with every object closed and every field required: the strict tools' rule.
          schema: rf.strict === true ? toOpenAIStrictResponseSchema(rf.schema, name, options) : rf.schema,
          ...(rf.description !== undefined ? { description: rf.description } : {}),
          ...(rf.strict !== undefined ? { strict: rf.strict } : {}),
        },
      };
    }
  }
  const extra = request.providerOptions?.[options.providerOptionsKey];
  if (extra) Object.assign(body, extra);
  return body;
}
