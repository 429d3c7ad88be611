/**
 * What the Messages API refuses before it generates anything, as the fake Anthropic server checks
 * it: each rule is one the real API enforces, with the message it answers (`invalid_request_error`, 400).
 */

type Json = Record<string, unknown>;

/** The body fields of `POST /v1/messages`; any other is refused ("Extra inputs are not permitted"). */
export const ANTHROPIC_MESSAGES_PARAMS: ReadonlySet<string> = new Set([
  'model', 'messages', 'max_tokens', 'system', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'stream', 'tools', 'tool_choice',
  'metadata', 'thinking', 'output_config', 'service_tier', 'container', 'context_management', 'mcp_servers', 'inference_geo',
  'cache_control', 'speed', 'diagnostics', 'user_profile_id', 'workspace_id',
]);

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const EXTENDED_THINKING_DOCS = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';
/** Keywords structured outputs do not take, by type (the SDK's `transformJSONSchema` moves them into the description). */
const UNSUPPORTED_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  string: ['minLength', 'maxLength'],
  array: ['maxItems'],
};

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What structured outputs and strict tools demand of a schema: every object closed and no
 * keyword the grammar cannot hold. The first problem, worded as the API words it, or undefined.
 */
export function structuredSchemaProblem(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const type = typeof schema.type === 'string' ? schema.type : undefined;
  if (type === 'object' || isObject(schema.properties)) {
    if (schema.additionalProperties === true) return "For 'object' type, 'additionalProperties: true' is not supported. Please set 'additionalProperties' to false";
    if (schema.additionalProperties !== false) return "For 'object' type, 'additionalProperties' must be explicitly set to false";
  }
  for (const keyword of (type && UNSUPPORTED_KEYWORDS[type]) ?? []) {
    if (schema[keyword] !== undefined) return `For '${type}' type, property '${keyword}' is not supported`;
  }
  if (type === 'array' && typeof schema.minItems === 'number' && schema.minItems > 1) return "For 'array' type, 'minItems' values other than 0 or 1 are not supported";
  const children: unknown[] = [
    ...(isObject(schema.properties) ? Object.values(schema.properties) : []),
    ...(isObject(schema.$defs) ? Object.values(schema.$defs) : []),
    ...(schema.items !== undefined ? [schema.items] : []),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    ...(Array.isArray(schema.allOf) ? schema.allOf : []),
  ];
  for (const child of children) {
    const found = structuredSchemaProblem(child);
    if (found) return found;
  }
  return undefined;
}

function blockProblem(block: unknown, at: string, role: string): string | undefined {
  if (!isObject(block)) return `${at}: Input should be a valid dictionary or object to extract fields from`;
  switch (block.type) {
    case 'text':
      if (typeof block.text !== 'string') return `${at}.text: Field required`;
      return block.text === '' ? 'messages: text content blocks must be non-empty' : undefined;
    case 'image': {
      const source = isObject(block.source) ? block.source : undefined;
      if (source?.type === 'url') return typeof source.url === 'string' ? undefined : `${at}.source.url: Field required`;
      if (source?.type !== 'base64') return `${at}.source: Input tag '${String(source?.type)}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`;
      if (!IMAGE_TYPES.includes(String(source.media_type))) return `${at}.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
      return typeof source.data === 'string' && source.data !== '' ? undefined : `${at}.source.data: Field required`;
    }
    case 'tool_use':
      if (role !== 'assistant') return `${at}: tool_use blocks may only appear in assistant messages`;
      if (typeof block.id !== 'string') return `${at}.id: Field required`;
      if (typeof block.name !== 'string') return `${at}.name: Field required`;
      return isObject(block.input) ? undefined : `${at}.input: Input should be a valid dictionary`;
    case 'tool_result':
      if (role !== 'user') return `${at}: tool_result blocks may only appear in user messages`;
      return typeof block.tool_use_id === 'string' ? undefined : `${at}.tool_use_id: Field required`;
    case 'thinking':
    case 'redacted_thinking':
      return role === 'assistant' ? undefined : `${at}: thinking blocks may only appear in assistant messages`;
    default:
      return `${at}.type: Input tag '${String(block.type)}' found using 'type' does not match any of the expected tags`;
  }
}

function messagesProblem(messages: unknown): string | undefined {
  if (messages === undefined) return 'messages: Field required';
  if (!Array.isArray(messages)) return 'messages: Input should be a valid list';
  for (const [i, m] of messages.entries()) {
    if (!isObject(m)) return `messages.${i}: Input should be a valid dictionary or object to extract fields from`;
    if (m.role !== 'user' && m.role !== 'assistant') {
      return m.role === 'system'
        ? 'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.'
        : `messages.${i}.role: Input should be 'user' or 'assistant'`;
    }
    const finalAssistant = i === messages.length - 1 && m.role === 'assistant';
    const content = m.content;
    if (typeof content === 'string') {
      if (content === '' && !finalAssistant) return 'messages: all messages must have non-empty content except for the optional final assistant message';
      continue;
    }
    if (!Array.isArray(content)) return `messages.${i}.content: Input should be a valid string or a valid list`;
    if (content.length === 0 && !finalAssistant) return `messages.${i}: all messages must have non-empty content except for the optional final assistant message`;
    for (const [j, block] of content.entries()) {
      const found = blockProblem(block, `messages.${i}.content.${j}`, String(m.role));
      if (found) return found;
    }
  }
  return toolPairProblem(messages as Json[]);
}

function blocksOf(m: Json | undefined, type: string): Json[] {
  return m && Array.isArray(m.content) ? (m.content as Json[]).filter((b) => isObject(b) && b.type === type) : [];
}

/** Each tool_use is answered by a tool_result in the very next (user) message, and each tool_result answers one. */
function toolPairProblem(messages: readonly Json[]): string | undefined {
  for (const [i, m] of messages.entries()) {
    if (m.role === 'user') {
      const asked = new Set(blocksOf(messages[i - 1], 'tool_use').map((b) => String(b.id)));
      const blocks = Array.isArray(m.content) ? (m.content as Json[]) : [];
      for (const [j, b] of blocks.entries()) {
        if (b.type !== 'tool_result' || asked.has(String(b.tool_use_id))) continue;
        return `messages.${i}.content.${j}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(b.tool_use_id)}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    const uses = blocksOf(m, 'tool_use');
    if (m.role !== 'assistant' || uses.length === 0) continue;
    const answered = new Set(blocksOf(messages[i + 1], 'tool_result').map((b) => String(b.tool_use_id)));
    const open = uses.map((b) => String(b.id)).filter((id) => !answered.has(id));
    if (open.length > 0) {
      return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}

function toolsProblem(body: Json): string | undefined {
  const tools = body.tools;
  const choice = isObject(body.tool_choice) ? body.tool_choice : undefined;
  if (body.tool_choice !== undefined && !choice) return 'tool_choice: Input should be a valid dictionary or object to extract fields from';
  if (tools === undefined) {
    return choice && choice.type !== 'none' ? 'tool_choice: tool_choice may only be specified while providing tools' : undefined;
  }
  if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
  const names = new Set<string>();
  for (const [i, tool] of tools.entries()) {
    if (!isObject(tool) || typeof tool.name !== 'string') return `tools.${i}.name: Field required`;
    if (!TOOL_NAME.test(tool.name)) return `tools.${i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
    if (names.has(tool.name)) return 'tools: Tool names must be unique.';
    names.add(tool.name);
    const schema = tool.input_schema;
    if (!isObject(schema)) return `tools.${i}.custom.input_schema: Field required`;
    if (schema.type !== 'object') return `tools.${i}.custom.input_schema.type: Input should be 'object'`;
    const strict = tool.strict === true ? structuredSchemaProblem(schema) : undefined;
    if (strict) return `tools.${i}.custom: ${strict}`;
  }
  if (!choice) return undefined;
  if (!['auto', 'any', 'tool', 'none'].includes(String(choice.type))) {
    return `tool_choice: Input tag '${String(choice.type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`;
  }
  if (choice.type === 'tool' && !names.has(String(choice.name))) return `tool_choice: Tool '${String(choice.name)}' not found in tools`;
  return undefined;
}

function thinkingSettingsProblem(body: Json): string | undefined {
  const thinking = isObject(body.thinking) ? body.thinking : undefined;
  if (thinking?.type !== 'enabled' && thinking?.type !== 'adaptive') return undefined;
  const choice = isObject(body.tool_choice) ? body.tool_choice.type : undefined;
  if (choice === 'any' || choice === 'tool') return 'Thinking may not be enabled when tool_choice forces tool use.';
  const budget = thinking.budget_tokens;
  if (typeof budget === 'number' && typeof body.max_tokens === 'number' && body.max_tokens <= budget) {
    return `\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${EXTENDED_THINKING_DOCS}#max-tokens-and-context-window-size`;
  }
  return undefined;
}

/**
 * What the Messages API checks of thinking blocks sent back: each must carry the signature it was
 * issued with, for the same text; and with thinking on, the assistant turn before the last tool
 * results must start with a thinking block. The message of the first problem, or undefined.
 */
export function thinkingBlocksProblem(body: Json, issued: ReadonlyMap<string, string>): string | undefined {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'assistant' || !Array.isArray(m.content)) continue;
    for (const [j, block] of (m.content as Json[]).entries()) {
      if (block.type === 'thinking' && issued.get(String(block.signature)) !== block.thinking) return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
    }
  }
  const thinking = body.thinking as Json | undefined;
  if (thinking?.type !== 'enabled' && thinking?.type !== 'adaptive') return undefined;
  const last = messages[messages.length - 1];
  const answersTools = last?.role === 'user' && Array.isArray(last.content) && (last.content as Json[]).some((b) => b.type === 'tool_result');
  const i = messages.length - 2;
  const assistant = messages[i];
  if (!answersTools || assistant?.role !== 'assistant') return undefined;
  const first = Array.isArray(assistant.content) ? (assistant.content as Json[])[0] : { type: 'text' };
  if (first?.type === 'thinking' || first?.type === 'redacted_thinking') return undefined;
  return (
    `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message ` +
    'must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. ' +
    `To avoid this requirement, disable \`thinking\`. Please consult our documentation at ${EXTENDED_THINKING_DOCS}`
  );
}

/** The first thing the Messages API would refuse in a `POST /v1/messages` body, or undefined. */
export function anthropicRequestProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'Input should be a valid dictionary or object to extract fields from';
  const body = raw;
  const unknown = Object.keys(body).find((k) => !ANTHROPIC_MESSAGES_PARAMS.has(k));
  if (unknown !== undefined) return `${unknown}: Extra inputs are not permitted`;
  if (typeof body.model !== 'string') return 'model: Field required';
  if (body.max_tokens === undefined) return 'max_tokens: Field required';
  if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens)) return 'max_tokens: Input should be a valid integer';
  if (body.max_tokens < 1) return 'max_tokens: Input should be greater than or equal to 1';
  if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1)) {
    return body.temperature < 0 ? 'temperature: Input should be greater than or equal to 0' : 'temperature: Input should be less than or equal to 1';
  }
  if (body.system !== undefined && typeof body.system !== 'string') {
    if (!Array.isArray(body.system)) return 'system: Input should be a valid string or a valid list';
    for (const [i, block] of body.system.entries()) {
      if (!isObject(block) || block.type !== 'text' || typeof block.text !== 'string') return `system.${i}: Input should be a valid text block`;
    }
  }
  const format = isObject(body.output_config) && isObject(body.output_config.format) ? body.output_config.format : undefined;
  const formatProblem = format?.type === 'json_schema' ? structuredSchemaProblem(format.schema) : undefined;
  if (formatProblem) return `output_config.format.schema: ${formatProblem}`;
  return messagesProblem(body.messages) ?? toolsProblem(body) ?? thinkingSettingsProblem(body);
}
