import {
  ChatRequestSchema,
  CompletionRequestSchema,
  parseOrThrow,
  toJsonSchema,
  type ChatRequest,
  type CompletionRequest,
  type JsonSchema,
  type Message,
  type ToolDefinition,
} from '@llm/schema';
import type { z } from 'zod';
import type { TransportRequest } from './transport.js';

const jsonSchemaCache = new WeakMap<z.ZodType, JsonSchema>();

/** zod → JSON Schema, computed once per schema object. */
export function cachedJsonSchema(schema: z.ZodType): JsonSchema {
  let json = jsonSchemaCache.get(schema);
  if (!json) {
    json = toJsonSchema(schema);
    jsonSchemaCache.set(schema, json);
  }
  return json;
}

/** Validates a chat request where it enters (an `invalid_request` LLMError names each bad field). */
export function validateChatRequest<TOutput>(request: ChatRequest<TOutput>): ChatRequest<TOutput> {
  return parseOrThrow(ChatRequestSchema, request, 'chat request') as ChatRequest<TOutput>;
}

/** Turns a validated chat request into what a transport takes: tools and output as JSON Schema. */
export function toTransportRequest<TOutput>(request: ChatRequest<TOutput>): TransportRequest {
  const { tools, output, tags: _tags, responseFormat, ...rest } = request;
  const out: TransportRequest = { ...rest };
  if (tools && tools.length > 0) {
    out.tools = tools.map((tool): ToolDefinition => {
      const def: ToolDefinition = { name: tool.name, parameters: cachedJsonSchema(tool.parameters as z.ZodType) };
      if (tool.description !== undefined) def.description = tool.description;
      if (tool.strict !== undefined) def.strict = tool.strict;
      return def;
    });
  }
  if (responseFormat) out.responseFormat = responseFormat;
  else if (output) out.responseFormat = { type: 'json_schema', name: 'output', schema: cachedJsonSchema(output as z.ZodType) };
  return out;
}

/** A completion request is a chat of one user turn (and an optional system prompt). */
export function completionToChat(request: CompletionRequest): ChatRequest {
  const { prompt, system, ...settings } = parseOrThrow(CompletionRequestSchema, request, 'completion request');
  const messages: Message[] = [];
  if (system !== undefined) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: prompt });
  return { ...settings, messages };
}
