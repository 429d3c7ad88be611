import type { ChatRequest, ContentPart, Message, ReasoningPart, ToolCall, ToolChoice } from '@llm/schema';
import { jsonSchemaTool } from '../json-schema-tool.js';
import { OPENAI_STYLE_VENDORS } from '../provider-options.js';
import { isRecord, RequestIssues } from '../request-issues.js';
import type { WireRequest } from '../wire-format.js';
import { ANTHROPIC_PASSTHROUGH_FIELDS, ANTHROPIC_UNSUPPORTED_FIELDS, AnthropicMessagesRequestSchema, type AnthropicMessage, type AnthropicMessagesRequest } from './anthropic-messages-schema.js';

const KNOWN = new Set<string>([...Object.keys(AnthropicMessagesRequestSchema.shape), ...ANTHROPIC_PASSTHROUGH_FIELDS]);

function blocksText(content: string | Array<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((b) => b.text).join('');
}

/** One Anthropic turn → our messages: a user turn's tool results become tool messages, before its other content. */
function toMessages(m: AnthropicMessage, out: Message[]): void {
  if (m.role === 'user') {
    if (typeof m.content === 'string') {
      out.push({ role: 'user', content: m.content });
      return;
    }
    const parts: ContentPart[] = [];
    for (const block of m.content) {
      if (block.type === 'tool_result') {
        const tool: Message = { role: 'tool', toolCallId: block.tool_use_id, content: block.content === undefined ? '' : blocksText(block.content) };
        if (block.is_error) tool.isError = true;
        out.push(tool);
      } else if (block.type === 'text') parts.push({ type: 'text', text: block.text });
      else if (block.source.type === 'url') parts.push({ type: 'image', url: block.source.url });
      else parts.push({ type: 'image', data: block.source.data, mediaType: block.source.media_type });
    }
    if (parts.length > 0) out.push({ role: 'user', content: parts });
    return;
  }
  if (typeof m.content === 'string') {
    out.push({ role: 'assistant', content: m.content });
    return;
  }
  let text = '';
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  for (const block of m.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
    else if (block.type === 'thinking') reasoning.push(block.signature ? { type: 'reasoning', text: block.thinking, signature: block.signature } : { type: 'reasoning', text: block.thinking });
    else reasoning.push({ type: 'redacted-reasoning', data: block.data });
  }
  const message: Message = { role: 'assistant', content: text };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (reasoning.length > 0) message.reasoning = reasoning;
  out.push(message);
}

function toToolChoice(choice: NonNullable<AnthropicMessagesRequest['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      return { type: 'tool', name: choice.name };
  }
}

/** Anthropic's Messages request body → the framework's request (every bad field named in one 400). */
export function parseAnthropicMessagesRequest(body: unknown): WireRequest {
  const issues = new RequestIssues();
  if (!isRecord(body)) {
    issues.add('(root)', 'the request body must be a JSON object');
    issues.throwIfAny('request');
  }
  const raw = body as Record<string, unknown>;
  issues.checkKeys(raw, KNOWN, ANTHROPIC_UNSUPPORTED_FIELDS, 'Messages');
  const parsed = AnthropicMessagesRequestSchema.safeParse(raw);
  if (!parsed.success) issues.addZod(parsed.error.issues);
  issues.throwIfAny('request');
  const b = parsed.data!;

  const messages: Message[] = [];
  if (b.system !== undefined) {
    const system = blocksText(b.system);
    if (system !== '') messages.push({ role: 'system', content: system });
  }
  for (const m of b.messages) toMessages(m, messages);

  const request: ChatRequest = { messages, maxTokens: b.max_tokens };
  if (b.stop_sequences?.length) request.stop = b.stop_sequences;
  if (b.temperature !== undefined) request.temperature = b.temperature;
  if (b.top_p !== undefined) request.topP = b.top_p;
  if (b.tools?.length) request.tools = b.tools.map((t) => jsonSchemaTool(t.name, t.input_schema, t.description));
  if (b.tool_choice !== undefined) request.toolChoice = toToolChoice(b.tool_choice);

  // Anthropic's own fields go to Anthropic as they are; parallel tool use maps to OpenAI's flag for OpenAI-style vendors.
  const anthropic: Record<string, unknown> = {};
  for (const field of ANTHROPIC_PASSTHROUGH_FIELDS) if (raw[field] !== undefined && raw[field] !== null) anthropic[field] = raw[field];
  const format = b.output_config?.format;
  if (format) request.responseFormat = { type: 'json_schema', schema: format.schema };
  if (b.output_config?.effort != null) anthropic.output_config = { effort: b.output_config.effort };
  const providerOptions: Record<string, Record<string, unknown>> = {};
  if (b.tool_choice && 'disable_parallel_tool_use' in b.tool_choice && b.tool_choice.disable_parallel_tool_use !== undefined) {
    anthropic.tool_choice = b.tool_choice;
    for (const vendor of OPENAI_STYLE_VENDORS) providerOptions[vendor] = { parallel_tool_calls: !b.tool_choice.disable_parallel_tool_use };
  }
  if (Object.keys(anthropic).length > 0) providerOptions.anthropic = anthropic;
  for (const [vendor, options] of Object.entries(b.provider_options ?? {})) providerOptions[vendor] = { ...providerOptions[vendor], ...options };
  if (Object.keys(providerOptions).length > 0) request.providerOptions = providerOptions;

  return { model: b.model, request, stream: b.stream === true, includeUsage: true };
}
