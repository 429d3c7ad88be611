import type { ChatRequest, ContentPart, Message, ResponseFormat, ToolChoice } from '@llm/schema';
import { jsonSchemaTool } from '../json-schema-tool.js';
import { OPENAI_STYLE_VENDORS } from '../provider-options.js';
import { isRecord, RequestIssues } from '../request-issues.js';
import type { WireRequest } from '../wire-format.js';
import { OPENAI_PASSTHROUGH_FIELDS, OPENAI_UNSUPPORTED_FIELDS, OpenAIChatRequestSchema, type OpenAIChatRequest, type OpenAIMessage } from './openai-chat-schema.js';

const KNOWN = new Set<string>([...Object.keys(OpenAIChatRequestSchema.shape), ...OPENAI_PASSTHROUGH_FIELDS]);

function text(content: string | Array<{ text: string }>): string {
  return typeof content === 'string' ? content : content.map((p) => p.text).join('');
}

function toMessage(m: OpenAIMessage, index: number, issues: RequestIssues): Message | undefined {
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: text(m.content) };
    case 'user': {
      const content: string | ContentPart[] =
        typeof m.content === 'string'
          ? m.content
          : m.content.map((p): ContentPart => (p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image', url: p.image_url.url, ...(p.image_url.detail ? { detail: p.image_url.detail } : {}) }));
      return m.name !== undefined ? { role: 'user', content, name: m.name } : { role: 'user', content };
    }
    case 'assistant': {
      const body = m.content == null ? '' : text(m.content);
      const out: Message = { role: 'assistant', content: body === '' && m.refusal ? m.refusal : body };
      if (m.tool_calls?.length) {
        out.toolCalls = [];
        m.tool_calls.forEach((call, j) => {
          let args: unknown;
          try {
            args = call.function.arguments.trim() === '' ? {} : JSON.parse(call.function.arguments);
          } catch {
            issues.add(`messages[${index}].tool_calls[${j}].function.arguments`, 'is not valid JSON');
            return;
          }
          if (!isRecord(args)) {
            issues.add(`messages[${index}].tool_calls[${j}].function.arguments`, 'must be a JSON object');
            return;
          }
          out.toolCalls!.push({ id: call.id, name: call.function.name, arguments: args });
        });
      }
      return out;
    }
    case 'tool':
      return { role: 'tool', toolCallId: m.tool_call_id, content: text(m.content) };
  }
}

function toToolChoice(choice: NonNullable<OpenAIChatRequest['tool_choice']>): ToolChoice {
  return typeof choice === 'string' ? choice : { type: 'tool', name: choice.function.name };
}

function toResponseFormat(format: NonNullable<OpenAIChatRequest['response_format']>): ResponseFormat {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const s = format.json_schema;
      const out: ResponseFormat = { type: 'json_schema', schema: s.schema ?? {}, name: s.name };
      if (s.description !== undefined) out.description = s.description;
      if (s.strict != null) out.strict = s.strict;
      return out;
    }
  }
}

/** OpenAI's Chat Completions request body → the framework's request (every bad field named in one 400). */
export function parseOpenAIChatRequest(body: unknown): WireRequest {
  const issues = new RequestIssues();
  if (!isRecord(body)) {
    issues.add('(root)', 'the request body must be a JSON object');
    issues.throwIfAny('request');
  }
  const raw = body as Record<string, unknown>;
  issues.checkKeys(raw, KNOWN, OPENAI_UNSUPPORTED_FIELDS, 'Chat Completions');
  const parsed = OpenAIChatRequestSchema.safeParse(raw);
  if (!parsed.success) issues.addZod(parsed.error.issues);
  issues.throwIfAny('request');
  const b = parsed.data!;

  const messages: Message[] = [];
  b.messages.forEach((m, i) => {
    const message = toMessage(m, i, issues);
    if (message) messages.push(message);
  });
  issues.throwIfAny('request');

  const request: ChatRequest = { messages };
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (b.temperature != null) request.temperature = b.temperature;
  if (b.top_p != null) request.topP = b.top_p;
  if (b.stop != null) request.stop = b.stop;
  if (b.presence_penalty != null) request.presencePenalty = b.presence_penalty;
  if (b.frequency_penalty != null) request.frequencyPenalty = b.frequency_penalty;
  if (b.seed != null) request.seed = b.seed;
  if (b.tools?.length) request.tools = b.tools.map((t) => jsonSchemaTool(t.function.name, t.function.parameters, t.function.description, t.function.strict ?? undefined));
  if (b.tool_choice !== undefined) request.toolChoice = toToolChoice(b.tool_choice);
  if (b.response_format !== undefined) request.responseFormat = toResponseFormat(b.response_format);

  const providerOptions: Record<string, Record<string, unknown>> = {};
  const passthrough: Record<string, unknown> = {};
  for (const field of OPENAI_PASSTHROUGH_FIELDS) if (raw[field] !== undefined && raw[field] !== null) passthrough[field] = raw[field];
  if (Object.keys(passthrough).length > 0) for (const vendor of OPENAI_STYLE_VENDORS) providerOptions[vendor] = { ...passthrough };
  for (const [vendor, options] of Object.entries(b.provider_options ?? {})) providerOptions[vendor] = { ...providerOptions[vendor], ...options };
  if (Object.keys(providerOptions).length > 0) request.providerOptions = providerOptions;

  return { model: b.model, request, stream: b.stream === true, includeUsage: b.stream_options?.include_usage === true };
}
