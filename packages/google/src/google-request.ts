import { FunctionCallingConfigMode, type GenerateContentConfig, type GenerateContentParameters, type ToolConfig } from '@google/genai';
import type { TransportRequest } from '@llm/core';
import { LLMError } from '@llm/errors';
import { toGeminiMessages } from './google-messages.js';
import type { ThoughtSignatures } from './google-tool-calls.js';

export interface GoogleRequestOptions {
  modelId: string;
  provider: string;
  /** The key under `providerOptions` whose fields go into the config as they are; the provider's name by default. */
  providerOptionsKey?: string;
  signatures?: ThoughtSignatures;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
}

/**
 * The function-calling config for a tool choice. Gemini refuses one without function declarations:
 * `auto` and `none` say nothing then and are left out; `required` or a named tool are the caller's mistake.
 */
function toolConfig(request: TransportRequest, options: GoogleRequestOptions): ToolConfig | undefined {
  const choice = request.toolChoice;
  if (choice === undefined) return undefined;
  if (!request.tools || request.tools.length === 0) {
    if (choice === 'auto' || choice === 'none') return undefined;
    throw new LLMError({
      code: 'invalid_request',
      provider: options.provider,
      model: options.modelId,
      message: `${options.provider}: toolChoice ${typeof choice === 'string' ? `"${choice}"` : `{ name: "${choice.name}" }`} needs tools, and the request has none`,
    });
  }
  if (choice === 'auto') return { functionCallingConfig: { mode: FunctionCallingConfigMode.AUTO } };
  if (choice === 'none') return { functionCallingConfig: { mode: FunctionCallingConfigMode.NONE } };
  if (choice === 'required') return { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY } };
  return { functionCallingConfig: { mode: FunctionCallingConfigMode.ANY, allowedFunctionNames: [choice.name] } };
}

/**
 * A transport request as `generateContent` parameters. Tools go out as `functionDeclarations`
 * with `parametersJsonSchema` (real JSON Schema, as zod makes it; `parameters` takes only
 * Google's OpenAPI subset), structured output as `responseMimeType: application/json` with
 * `responseJsonSchema`. The SDK's automatic function calling and automatic continuation are
 * off: one call is one HTTP request, and retrying belongs to our middleware.
 */
export function toGenerateContentParams(request: TransportRequest, options: GoogleRequestOptions): GenerateContentParameters {
  const { contents, systemInstruction } = toGeminiMessages(request.messages, {
    provider: options.provider,
    model: options.modelId,
    ...(options.signatures ? { signatures: options.signatures } : {}),
  });
  const config: GenerateContentConfig = { automaticFunctionCalling: { disable: true }, automaticContinuation: false };
  if (systemInstruction) config.systemInstruction = systemInstruction;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.stop !== undefined) config.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.tools && request.tools.length > 0) {
    config.tools = [
      {
        functionDeclarations: request.tools.map((t) => ({
          name: t.name,
          ...(t.description !== undefined ? { description: t.description } : {}),
          parametersJsonSchema: t.parameters,
        })),
      },
    ];
  }
  const tc = toolConfig(request, options);
  if (tc) config.toolConfig = tc;
  const rf = request.responseFormat;
  if (rf?.type === 'json') config.responseMimeType = 'application/json';
  else if (rf?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = rf.schema;
  }
  const extra = request.providerOptions?.[options.providerOptionsKey ?? options.provider];
  if (extra) Object.assign(config, extra);
  if (options.signal) config.abortSignal = options.signal;
  if (options.headers) config.httpOptions = { headers: options.headers };
  return { model: options.modelId, contents, config };
}
