import { createHash } from 'node:crypto';
import type { ChatRequest } from '@llm/schema';
import type { z } from 'zod';
import { cachedJsonSchema } from '../model/index.js';

/**
 * JSON with object keys sorted at every level and `undefined` members left out, so two equal
 * values give the same text whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * What decides a reply: provider, model, messages, tools (name, description, JSON Schema),
 * tool choice, response format or output schema (as JSON Schema), and every sampling parameter.
 * Tags (labels for reports) are left out: they do not change the reply.
 */
export function normalizeRequestForCache(provider: string, model: string, request: ChatRequest<unknown>): Record<string, unknown> {
  const { messages, tools, toolChoice, responseFormat, output, tags: _tags, ...parameters } = request;
  const normalized: Record<string, unknown> = { provider, model, messages, parameters };
  if (tools && tools.length > 0) {
    normalized.tools = tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: cachedJsonSchema(tool.parameters as z.ZodType),
      strict: tool.strict,
    }));
  }
  if (toolChoice !== undefined) normalized.toolChoice = toolChoice;
  if (responseFormat !== undefined) normalized.responseFormat = responseFormat;
  if (output !== undefined) normalized.output = cachedJsonSchema(output as z.ZodType);
  return normalized;
}

/** The cache key of a request: sha256 (hex) of the canonical JSON of the normalised request. */
export function hashChatRequest(provider: string, model: string, request: ChatRequest<unknown>): string {
  return createHash('sha256').update(canonicalJson(normalizeRequestForCache(provider, model, request))).digest('hex');
}
