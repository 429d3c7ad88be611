import {
  closeJsonSchema,
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
const closedSchemaCache = new WeakMap<z.ZodType, JsonSchema>();

/** zod → JSON Schema, computed once per schema object. */
export function cachedJsonSchema(schema: z.ZodType): JsonSchema {
  let json = jsonSchemaCache.get(schema);
  if (!json) {
    json = toJsonSchema(schema);
    jsonSchemaCache.set(schema, json);
  }
  return json;
}

/** The JSON Schema of a strict tool: every object closed with `additionalProperties: false`; once per schema object. */
export function cachedClosedJsonSchema(schema: z.ZodType): JsonSchema {
  let json = closedSchemaCache.get(schema);
  if (!json) {
    json = closeJsonSchema(cachedJsonSchema(schema));
    closedSchemaCache.set(schema, json);
  }
  return json;
}

/** Validates a chat request where it enters (an `invalid_request` LLMError names each bad field). */
export function validateChatRequest<TOutput>(request: ChatRequest<TOutput>): ChatRequest<TOutput> {
  // The common request (text messages and plain settings) is checked by hand: zod costs tens of
  // microseconds per call in a busy process. Anything else, and every invalid request, goes to zod,
  // which gives the errors. The fast path accepts only what the schema accepts, and returns a copy
  // as zod does.
  if (isPlainObject(request) && isSimpleChatRequest(request)) return { ...request };
  return parseOrThrow(ChatRequestSchema, request, 'chat request') as ChatRequest<TOutput>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const inRange = (v: unknown, min: number, max: number): boolean => isFiniteNumber(v) && v >= min && v <= max;
const isNonEmptyString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;

const OPTIONAL_KEYS = new Set(['maxTokens', 'temperature', 'topP', 'presencePenalty', 'frequencyPenalty', 'seed', 'stop', 'tags', 'providerOptions', 'tools', 'toolChoice', 'responseFormat', 'output']);

function isStopList(value: unknown): boolean {
  if (!Array.isArray(value) || value.length < 1 || value.length > 4) return false;
  for (let i = 0; i < value.length; i++) if (!isNonEmptyString(value[i])) return false;
  return true;
}

/** True for a request the schema accepts unchanged: text messages, plain settings, nothing else. */
function isSimpleChatRequest(request: Record<string, unknown>): boolean {
  let hasMessages = false;
  for (const key in request) {
    const value = request[key];
    if (value === undefined && key !== 'messages') {
      if (!OPTIONAL_KEYS.has(key)) return false;
      continue;
    }
    switch (key) {
      case 'messages':
        if (!isSimpleMessages(value)) return false;
        hasMessages = true;
        break;
      case 'maxTokens':
        if (!Number.isSafeInteger(value) || (value as number) <= 0) return false;
        break;
      case 'temperature':
        if (!inRange(value, 0, 2)) return false;
        break;
      case 'topP':
        if (!inRange(value, 0, 1) || value === 0) return false;
        break;
      case 'presencePenalty':
      case 'frequencyPenalty':
        if (!inRange(value, -2, 2)) return false;
        break;
      case 'seed':
        if (!Number.isSafeInteger(value)) return false;
        break;
      case 'stop':
        if (!isNonEmptyString(value) && !isStopList(value)) return false;
        break;
      case 'tags':
        if (!isStringRecord(value)) return false;
        break;
      default:
        // tools, output, responseFormat, toolChoice, providerOptions, unknown keys: zod decides.
        return false;
    }
  }
  return hasMessages;
}

function isStringRecord(value: unknown): boolean {
  if (!isPlainObject(value) || Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return true;
}

function isSimpleMessages(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const m: unknown = value[i];
    if (!isPlainObject(m)) return false;
    let keys = 0;
    for (const _key in m) keys++;
    switch (m.role) {
      case 'system':
        if (typeof m.content !== 'string' || keys !== 2) return false;
        break;
      case 'user':
        if (typeof m.content !== 'string') return false;
        if ('name' in m ? (m.name !== undefined && typeof m.name !== 'string') || keys !== 3 : keys !== 2) return false;
        break;
      case 'assistant':
        if (typeof m.content !== 'string' || keys !== 2) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Turns a validated chat request into what a transport takes: tools and output as JSON Schema. */
export function toTransportRequest<TOutput>(request: ChatRequest<TOutput>): TransportRequest {
  const { tools, output, tags: _tags, responseFormat, ...rest } = request;
  const out: TransportRequest = { ...rest };
  if (tools && tools.length > 0) {
    out.tools = tools.map((tool): ToolDefinition => {
      // A strict tool's objects must be closed: vendors refuse a strict schema that allows more keys.
      const parameters = tool.strict === true ? cachedClosedJsonSchema(tool.parameters as z.ZodType) : cachedJsonSchema(tool.parameters as z.ZodType);
      const def: ToolDefinition = { name: tool.name, parameters };
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
