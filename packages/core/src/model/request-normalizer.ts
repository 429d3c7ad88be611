import {
  closeJsonSchema,
  ChatRequestSchema,
  CompletionRequestSchema,
  parseOrThrow,
  toJsonSchema,
  zodSchemaProblem,
  type ChatRequest,
  type CompletionRequest,
  type JsonSchema,
  type Message,
  type ToolDefinition,
} from '@llm/schema';
import { LLMError, isLLMError, safeString } from '@llm/errors';
import type { z } from 'zod';
import { requestValueIssues } from './request-values.js';
import type { TransportRequest } from './transport.js';

const jsonSchemaCache = new WeakMap<z.ZodType, JsonSchema>();
const closedSchemaCache = new WeakMap<z.ZodType, JsonSchema>();

/**
 * zod → JSON Schema, computed once per schema object. A schema too big to send (nested more than
 * 64 levels, or more than 10,000 parts) is refused before conversion, which would take seconds or
 * overflow the stack.
 */
export function cachedJsonSchema(schema: z.ZodType): JsonSchema {
  let json = jsonSchemaCache.get(schema);
  if (!json) {
    const problem = zodSchemaProblem(schema);
    if (problem) throw invalid([`(schema): ${problem}`]);
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

/** Requests this module validated (its own copies): validated once per call, however many layers ask. */
const validated = new WeakSet<object>();

function invalid(fields: readonly string[]): LLMError {
  return new LLMError({ code: 'invalid_request', message: `invalid chat request: ${fields.join('; ')}`, retryable: false, local: true, details: { fields } });
}

/**
 * Validates a chat request where it enters; an `invalid_request` LLMError (`local`: nothing was
 * sent) names each bad field. Beyond the schema: every value that will be sent as JSON (tool
 * results, tool-call arguments, vendor options, a JSON Schema) must be JSON a vendor can take
 * (no cycle, at most 100 levels, no bigint), and each tool's and the output's zod schema must turn
 * into JSON Schema (a 3,000-level schema overflows the stack: refused here, not at the vendor).
 * Returns a copy, marked as validated: asking again with it costs one `WeakSet` lookup, so the
 * client's outer edge and the innermost ChatModel validate once between them.
 */
export function validateChatRequest<TOutput>(request: ChatRequest<TOutput>): ChatRequest<TOutput> {
  if (typeof request === 'object' && request !== null && validated.has(request)) return request;
  let valid: ChatRequest<TOutput>;
  try {
    // The common request (text messages and plain settings) is checked by hand: zod costs tens of
    // microseconds per call in a busy process. Anything else, and every invalid request, goes to zod,
    // which gives the errors. The fast path accepts only what the schema accepts, and returns a copy
    // as zod does.
    if (isPlainObject(request) && isSimpleChatRequest(request)) {
      valid = { ...request };
    } else {
      valid = parseOrThrow(ChatRequestSchema, request, 'chat request') as ChatRequest<TOutput>;
      const issues = [...requestValueIssues(valid as ChatRequest<unknown>), ...schemaIssues(valid as ChatRequest<unknown>)];
      if (issues.length > 0) throw invalid(issues);
    }
  } catch (err) {
    // A request that cannot even be read (a getter that throws, a revoked proxy) is the caller's too.
    if (isLLMError(err)) throw err;
    throw invalid([`(root): the request could not be read: ${safeString(err instanceof Error ? err.message : err)}`]);
  }
  validated.add(valid);
  return valid;
}

/**
 * A request derived from a validated one by a layer (the budget setting `maxTokens`): marked as
 * validated too, so the model below does not check it again. The layer answers for its patch.
 */
export function deriveRequest<TOutput>(request: ChatRequest<TOutput>, patch: Partial<ChatRequest<TOutput>>): ChatRequest<TOutput> {
  const derived = { ...request, ...patch };
  if (validated.has(request)) validated.add(derived);
  return derived;
}

/** Each tool's and the output's zod schema as JSON Schema (computed once and cached), or why not. */
function schemaIssues(request: ChatRequest<unknown>): string[] {
  const issues: string[] = [];
  const convert = (path: string, schema: z.ZodType, strict: boolean) => {
    try {
      if (strict) cachedClosedJsonSchema(schema);
      else cachedJsonSchema(schema);
    } catch (err) {
      const why = isLLMError(err) && Array.isArray(err.details?.fields) ? String(err.details.fields[0]).replace(/^\(schema\): /, '') : safeString(err instanceof Error ? err.message : err);
      issues.push(`${path}: the schema cannot be turned into JSON Schema (${why})`);
    }
  };
  request.tools?.forEach((tool, i) => convert(`tools[${i}].parameters`, tool.parameters as z.ZodType, tool.strict === true));
  if (request.output) convert('output', request.output as z.ZodType, false);
  return issues;
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

/**
 * Turns a validated chat request into what a transport takes: tools and output as JSON Schema.
 * Anything that fails here is the request's doing: a local `invalid_request`, never sent.
 */
export function toTransportRequest<TOutput>(request: ChatRequest<TOutput>): TransportRequest {
  try {
    return transportRequestOf(request);
  } catch (err) {
    if (isLLMError(err)) throw err;
    throw invalid([`(root): the request cannot be sent: ${safeString(err instanceof Error ? err.message : err)}`]);
  }
}

function transportRequestOf<TOutput>(request: ChatRequest<TOutput>): TransportRequest {
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
  let parsed: CompletionRequest;
  try {
    parsed = parseOrThrow(CompletionRequestSchema, request, 'completion request');
  } catch (err) {
    if (isLLMError(err)) throw err;
    throw invalid([`(root): the request could not be read: ${safeString(err instanceof Error ? err.message : err)}`]);
  }
  const { prompt, system, ...settings } = parsed;
  const messages: Message[] = [];
  if (system !== undefined) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: prompt });
  return { ...settings, messages };
}
