import { LLMError } from '@llm/errors';
import type { TransportRequest } from '@llm/core';
import type { JsonSchema, ToolChoice } from '@llm/schema';
import type Anthropic from '@anthropic-ai/sdk';
import { defaultMaxTokens, STRUCTURED_OUTPUT_TOOL, type AnthropicStructuredOutputMode } from './anthropic-config.js';
import { toAnthropicMessages } from './anthropic-messages.js';
import { toAnthropicStructuredSchema } from './anthropic-schema.js';

/**
 * A Messages API body. `temperature` and `top_p` are not in this SDK version's types but the API takes them;
 * they are sent only when the caller gives them.
 */
export type MessagesBody = Anthropic.Messages.MessageCreateParamsNonStreaming & { temperature?: number; top_p?: number };

export interface AnthropicRequestOptions {
  modelId: string;
  /** How structured output is asked for; `native` by default. */
  structuredOutput?: AnthropicStructuredOutputMode;
  /** The key under `providerOptions` whose fields go into the body as they are; `anthropic` by default. */
  providerOptionsKey?: string;
}

/** The body, and whether the reply's `json_output` tool call is the structured output. */
export interface AnthropicRequestPlan {
  body: MessagesBody;
  /** Set when structured output travels as a forced tool call: that call's input is the reply text. */
  outputTool?: string;
}

function invalid(message: string): LLMError {
  return new LLMError({ code: 'invalid_request', provider: 'anthropic', message: `anthropic: ${message}` });
}

/** Our tool choice in Messages API form: `required` is `any`. */
export function toAnthropicToolChoice(choice: ToolChoice): Anthropic.Messages.ToolChoice {
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  switch (choice) {
    case 'auto':
      return { type: 'auto' };
    case 'required':
      return { type: 'any' };
    case 'none':
      return { type: 'none' };
  }
}

/**
 * The tool choice to send. The API refuses one without tools: `auto` and `none` say nothing then
 * and are left out; `required` or a named tool cannot be honoured, and are the caller's mistake.
 */
function toolChoiceFor(request: TransportRequest): Anthropic.Messages.ToolChoice | undefined {
  const choice = request.toolChoice;
  if (choice === undefined) return undefined;
  if (request.tools && request.tools.length > 0) return toAnthropicToolChoice(choice);
  if (choice === 'auto' || choice === 'none') return undefined;
  throw invalid(`toolChoice ${typeof choice === 'string' ? `"${choice}"` : `{ name: "${choice.name}" }`} needs tools, and the request has none`);
}

function thinkingBudget(thinking: unknown): { on: boolean; budget?: number } {
  if (typeof thinking !== 'object' || thinking === null) return { on: false };
  const t = thinking as { type?: unknown; budget_tokens?: unknown };
  if (t.type === 'enabled') return typeof t.budget_tokens === 'number' ? { on: true, budget: t.budget_tokens } : { on: true };
  return { on: t.type === 'adaptive' };
}

/** A transport request in Messages API form. */
export function toMessagesBody(request: TransportRequest, options: AnthropicRequestOptions): AnthropicRequestPlan {
  const unsupported = (['presencePenalty', 'frequencyPenalty', 'seed'] as const).filter((k) => request[k] !== undefined);
  if (unsupported.length > 0) throw invalid(`the Messages API has no ${unsupported.join(', ')}; leave ${unsupported.length > 1 ? 'them' : 'it'} out`);

  const extra = request.providerOptions?.[options.providerOptionsKey ?? 'anthropic'];
  const thinking = thinkingBudget(extra?.thinking);
  if (request.maxTokens !== undefined && thinking.budget !== undefined && request.maxTokens <= thinking.budget) {
    throw invalid(`maxTokens (${request.maxTokens}) must be greater than thinking.budget_tokens (${thinking.budget})`);
  }
  const prompt = toAnthropicMessages(request.messages);
  const body: MessagesBody = {
    model: options.modelId,
    // Required by the API: the caller's, or the model family's default on top of any thinking budget.
    max_tokens: request.maxTokens ?? defaultMaxTokens(options.modelId) + (thinking.budget ?? 0),
    messages: prompt.messages,
  };
  if (prompt.system !== undefined) body.system = prompt.system;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined) body.stop_sequences = typeof request.stop === 'string' ? [request.stop] : [...request.stop];
  const tools: Anthropic.Messages.Tool[] = (request.tools ?? []).map((t) => ({
    name: t.name,
    ...(t.description !== undefined ? { description: t.description } : {}),
    // Strict tools take the structured-output subset of JSON Schema (objects closed).
    input_schema: (t.strict ? toAnthropicStructuredSchema(t.parameters, `the parameters of tool ${t.name}`) : t.parameters) as Anthropic.Messages.Tool.InputSchema,
    ...(t.strict !== undefined ? { strict: t.strict } : {}),
  }));
  if (tools.length > 0) body.tools = tools;
  const choice = toolChoiceFor(request);
  if (choice) body.tool_choice = choice;
  if (extra) Object.assign(body, extra);

  const rf = request.responseFormat;
  if (!rf || rf.type === 'text') return { body };
  if (rf.type === 'json_schema' && (options.structuredOutput ?? 'native') === 'native') {
    body.output_config = { ...body.output_config, format: { type: 'json_schema', schema: toAnthropicStructuredSchema(rf.schema, 'the output schema') } };
    return { body };
  }
  // Tool mode (and plain JSON mode, which has no native form): a `json_output` tool whose input is the answer.
  const schema: JsonSchema = rf.type === 'json_schema' ? rf.schema : { type: 'object' };
  if (schema.type !== 'object') throw invalid(`structured output through a tool needs an object schema at the top, got ${JSON.stringify(schema.type ?? 'none')}`);
  if (tools.some((t) => t.name === STRUCTURED_OUTPUT_TOOL)) throw invalid(`a tool may not be named ${STRUCTURED_OUTPUT_TOOL} when structured output travels as a tool call`);
  body.tools = [
    ...tools,
    {
      name: STRUCTURED_OUTPUT_TOOL,
      description: (rf.type === 'json_schema' ? rf.description : undefined) ?? 'Give your final answer as the input of this tool.',
      input_schema: schema as Anthropic.Messages.Tool.InputSchema,
    },
  ];
  if (thinking.on) {
    // Extended thinking allows only `auto` and `none`: the model is asked, not forced.
    body.tool_choice = { type: 'auto' };
  } else if (tools.length > 0) {
    const choice = request.toolChoice;
    body.tool_choice = typeof choice === 'object' ? { type: 'tool', name: choice.name } : { type: 'any' };
  } else {
    body.tool_choice = { type: 'tool', name: STRUCTURED_OUTPUT_TOOL };
  }
  return { body, outputTool: STRUCTURED_OUTPUT_TOOL };
}
