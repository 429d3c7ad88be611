import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

export const TextPartSchema = lazySchema(() => z.object({ type: z.literal('text'), text: z.string() }));

/** An image given by URL (http(s) or data:) or by base64 data with its media type. */
export const ImagePartSchema = lazySchema(() => z
  .object({
    type: z.literal('image'),
    url: z.string().min(1).optional(),
    data: z.string().min(1).optional(),
    mediaType: z.string().regex(/^image\/[a-z0-9.+-]+$/i, 'expected an image media type such as image/png').optional(),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  })
  .refine((p) => (p.url === undefined) !== (p.data === undefined), { message: 'give exactly one of url or data' })
  .refine((p) => p.data === undefined || p.mediaType !== undefined, { message: 'mediaType is required with data', path: ['mediaType'] }));

export const ContentPartSchema = lazySchema(() => z.union([TextPartSchema, ImagePartSchema]));

export const ToolCallSchema = lazySchema(() => z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** The parsed arguments object. */
  arguments: z.record(z.string(), z.unknown()),
  /** An opaque signature the vendor put on this call (Gemini 3's thought signature): sent back with it. */
  signature: z.string().min(1).optional(),
}));

/**
 * A reasoning block of an assistant turn that the vendor wants back, unchanged, in the next request
 * (Anthropic's extended thinking with tool use: the thinking text with its signature, or a redacted
 * block's opaque data). Vendors that did not make it ignore it.
 */
export const ReasoningPartSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('reasoning'), text: z.string(), signature: z.string().min(1).optional() }),
  z.object({ type: z.literal('redacted-reasoning'), data: z.string().min(1) }),
]));

export const SystemMessageSchema = lazySchema(() => z.object({ role: z.literal('system'), content: z.string() }));
export const UserMessageSchema = lazySchema(() => z.object({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(ContentPartSchema).min(1)]),
  name: z.string().optional(),
}));
export const AssistantMessageSchema = lazySchema(() => z.object({
  role: z.literal('assistant'),
  content: z.string().nullable().optional(),
  toolCalls: z.array(ToolCallSchema).optional(),
  /** The turn's reasoning blocks, as the response gave them (`response.reasoningParts`): sent back first. */
  reasoning: z.array(ReasoningPartSchema).optional(),
}));
export const ToolMessageSchema = lazySchema(() => z.object({
  role: z.literal('tool'),
  toolCallId: z.string().min(1),
  /** The tool's name; some vendors (Gemini) need it to match the result to the call. */
  name: z.string().optional(),
  /** The tool's result: text, or any JSON value (sent as JSON text). */
  content: z.unknown(),
  isError: z.boolean().optional(),
}));

export const MessageSchema = lazySchema(() => z.discriminatedUnion('role', [
  SystemMessageSchema,
  UserMessageSchema,
  AssistantMessageSchema,
  ToolMessageSchema,
]));

export type TextPart = z.infer<typeof TextPartSchema>;
export type ImagePart = z.infer<typeof ImagePartSchema>;
export type ContentPart = z.infer<typeof ContentPartSchema>;
export type ToolCall = z.infer<typeof ToolCallSchema>;
export type ReasoningPart = z.infer<typeof ReasoningPartSchema>;
export type SystemMessage = z.infer<typeof SystemMessageSchema>;
export type UserMessage = z.infer<typeof UserMessageSchema>;
export type AssistantMessage = z.infer<typeof AssistantMessageSchema>;
export type ToolMessage = z.infer<typeof ToolMessageSchema>;
export type Message = z.infer<typeof MessageSchema>;
