import { LLMError } from '@llm/errors';
import { describeIssues, isZodSchema, type Tool, type ToolCall } from '@llm/schema';
import type { z } from 'zod';
import type { RawToolCall } from './transport.js';

export interface ParseContext {
  provider: string;
  model: string;
}

function malformed(message: string, rawText: string, ctx: ParseContext, details?: Record<string, unknown>, cause?: unknown): LLMError {
  return new LLMError({ code: 'malformed_response', message, rawText, provider: ctx.provider, model: ctx.model, details, cause, retryable: false });
}

/** Models sometimes wrap JSON in a Markdown fence even when asked for JSON. */
function stripFence(text: string): string {
  const t = text.trim();
  const m = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(t);
  return m?.[1] ?? t;
}

/** Parses and validates structured output; a reply that does not fit is a `malformed_response` carrying the raw text. */
export function parseStructuredOutput<T>(text: string, schema: z.ZodType<T>, ctx: ParseContext): T {
  let value: unknown;
  try {
    value = JSON.parse(stripFence(text));
  } catch (err) {
    throw malformed(`the model's reply is not valid JSON: ${(err as Error).message}`, text, ctx, undefined, err);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = describeIssues(result.error.issues);
    throw malformed(`the model's reply does not fit the output schema: ${fields.join('; ')}`, text, ctx, { fields });
  }
  return result.data;
}

/** Parses one tool call's arguments and validates them against the tool's zod schema. */
export function parseToolCall(raw: RawToolCall, tools: readonly Tool<unknown>[] | undefined, ctx: ParseContext): ToolCall {
  const rawText = typeof raw.arguments === 'string' ? raw.arguments : JSON.stringify(raw.arguments);
  let args: unknown;
  if (typeof raw.arguments === 'string') {
    try {
      args = raw.arguments.trim() === '' ? {} : JSON.parse(raw.arguments);
    } catch (err) {
      throw malformed(`tool call ${raw.name} has arguments that are not valid JSON`, rawText, ctx, { tool: raw.name, toolCallId: raw.id }, err);
    }
  } else {
    args = raw.arguments;
  }
  const tool = tools?.find((t) => t.name === raw.name);
  if (tools && tools.length > 0 && !tool) {
    throw malformed(`the model called an unknown tool "${raw.name}"`, rawText, ctx, { tool: raw.name, toolCallId: raw.id });
  }
  if (tool && isZodSchema(tool.parameters)) {
    const result = (tool.parameters as z.ZodType).safeParse(args);
    if (!result.success) {
      const fields = describeIssues(result.error.issues);
      throw malformed(`tool call ${raw.name} has arguments that do not fit its schema: ${fields.join('; ')}`, rawText, ctx, {
        tool: raw.name,
        toolCallId: raw.id,
        fields,
      });
    }
    args = result.data;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw malformed(`tool call ${raw.name} has arguments that are not a JSON object`, rawText, ctx, { tool: raw.name });
  }
  const call: ToolCall = { id: raw.id, name: raw.name, arguments: args as Record<string, unknown> };
  if (raw.signature) call.signature = raw.signature;
  return call;
}
