/**
 * What the Chat Completions API refuses before it generates anything, as the fake servers check it:
 * each rule is one the real API enforces (and compatible vendors inherit), with its message, `param`
 * and `code` as the real API words them.
 */

import { strictUnsupportedKeywords } from '@llm/schema';

type Json = Record<string, unknown>;

/** A refused request: the `error` fields of the vendor's 400 body. */
export interface OpenAIRequestProblem {
  message: string;
  param: string | null;
  code: string | null;
}

/** How strict a vendor is with a Chat Completions body. */
export interface OpenAIRequestRules {
  /** Top-level fields the vendor knows; any other is refused. Undefined: unknown fields are ignored (OpenRouter). */
  knownParams?: ReadonlySet<string>;
  /** The vendor's wording for an unknown field. */
  unknownParam?: (name: string) => OpenAIRequestProblem;
  /** The most choices a request may ask for (`n`). */
  maxChoices?: number;
  /** Models that refuse `max_tokens` and sampling settings other than the defaults (OpenAI's reasoning models). */
  reasoningModels?: RegExp;
}

/** Every request field of `CreateChatCompletionRequest` in OpenAI's published OpenAPI description. */
export const OPENAI_CHAT_PARAMS: ReadonlySet<string> = new Set([
  'audio', 'frequency_penalty', 'function_call', 'functions', 'logit_bias', 'logprobs', 'max_completion_tokens', 'max_tokens',
  'messages', 'metadata', 'modalities', 'model', 'moderation', 'n', 'parallel_tool_calls', 'prediction', 'presence_penalty',
  'prompt_cache_key', 'prompt_cache_options', 'prompt_cache_retention', 'reasoning_effort', 'response_format', 'safety_identifier',
  'seed', 'service_tier', 'stop', 'store', 'stream', 'stream_options', 'temperature', 'tool_choice', 'tools', 'top_logprobs', 'top_p',
  'user', 'verbosity', 'web_search_options',
]);

export const OPENAI_RULES: OpenAIRequestRules = {
  knownParams: OPENAI_CHAT_PARAMS,
  unknownParam: (name) => problem(`Unrecognized request argument supplied: ${name}`),
  reasoningModels: /^(o\d|gpt-5)/,
};

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
const PART_TYPES = ['text', 'image_url', 'input_audio', 'refusal', 'audio', 'file'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

function problem(message: string, param: string | null = null, code: string | null = null): OpenAIRequestProblem {
  return { message, param, code };
}

function missing(param: string): OpenAIRequestProblem {
  return problem(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API's `In context=('properties', 'a')` for the steps from the root to a schema node. */
function inContext(context: readonly string[]): string {
  return `In context=(${context.map((c) => `'${c}'`).join(', ')})`;
}

/**
 * What strict mode demands of a schema: no keyword it does not support (`STRICT_UNSUPPORTED_KEYWORDS`
 * of `@llm/schema`, the list `@llm/openai` refuses before sending: `allOf`, `oneOf`, `not`,
 * `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, anywhere in the schema), every object
 * closed (`additionalProperties: false`) and every property required. The message of the first
 * place that breaks it, or undefined.
 */
export function strictSchemaProblem(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  const [refused] = strictUnsupportedKeywords(schema);
  if (refused !== undefined) {
    const context = refused.path.flatMap((step) => (step.key === undefined ? [step.keyword] : [step.keyword, step.key]));
    return `${inContext(context)}, '${refused.keyword}' is not permitted.`;
  }
  return closedSchemaProblem(schema, []);
}

/** The first object in a strict schema that is open or leaves a property out of `required`. */
function closedSchemaProblem(schema: unknown, context: string[]): string | undefined {
  if (!isObject(schema)) return undefined;
  if (schema.type === 'object' || isObject(schema.properties)) {
    const where = inContext(context);
    if (schema.additionalProperties !== false) return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys(isObject(schema.properties) ? schema.properties : {});
    const required = Array.isArray(schema.required) ? schema.required : [];
    const absent = keys.find((k) => !required.includes(k));
    if (absent !== undefined) return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${absent}'.`;
  }
  for (const key of ['properties', '$defs', 'definitions'] as const) {
    const children = schema[key];
    if (!isObject(children)) continue;
    for (const [name, child] of Object.entries(children)) {
      const found = closedSchemaProblem(child, [...context, key, name]);
      if (found) return found;
    }
  }
  if (schema.items !== undefined) {
    const found = closedSchemaProblem(schema.items, [...context, 'items']);
    if (found) return found;
  }
  if (Array.isArray(schema.anyOf)) {
    for (const [i, child] of schema.anyOf.entries()) {
      const found = closedSchemaProblem(child, [...context, 'anyOf', String(i)]);
      if (found) return found;
    }
  }
  return undefined;
}

function contentProblem(content: unknown, at: string): OpenAIRequestProblem | undefined {
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return problem(`Invalid type for '${at}': expected one of a string or array of objects, but got ${content === null ? 'null' : typeof content} instead.`, at, 'invalid_type');
  for (const [j, part] of content.entries()) {
    const p = `${at}[${j}]`;
    if (!isObject(part) || !PART_TYPES.includes(String(part.type))) {
      return problem(`Invalid value: '${String(isObject(part) ? part.type : part)}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.`, `${p}.type`, 'invalid_value');
    }
    if (part.type === 'text' && typeof part.text !== 'string') return missing(`${p}.text`);
    if (part.type === 'image_url') {
      const url = isObject(part.image_url) ? part.image_url.url : undefined;
      if (typeof url !== 'string') return missing(`${p}.image_url.url`);
      if (!/^https?:\/\//.test(url) && !/^data:image\/[a-z0-9.+-]+;base64,/i.test(url)) {
        return problem(`Invalid '${p}.image_url.url'. Expected a valid URL, but got a value with an invalid format.`, `${p}.image_url.url`, 'invalid_value');
      }
    }
  }
  return undefined;
}

function toolCallsProblem(calls: unknown, at: string): OpenAIRequestProblem | undefined {
  if (!Array.isArray(calls)) return problem(`Invalid type for '${at}': expected an array of objects, but got ${typeof calls} instead.`, at, 'invalid_type');
  if (calls.length === 0) return problem(`Invalid '${at}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, at, 'empty_array');
  for (const [j, call] of calls.entries()) {
    const p = `${at}[${j}]`;
    if (!isObject(call) || typeof call.id !== 'string') return missing(`${p}.id`);
    if (call.type !== 'function') return missing(`${p}.type`);
    const fn = isObject(call.function) ? call.function : undefined;
    if (typeof fn?.name !== 'string') return missing(`${p}.function.name`);
    if (typeof fn.arguments !== 'string') return missing(`${p}.function.arguments`);
  }
  return undefined;
}

/** Each message on its own: a known role and the fields that role needs. */
function messageProblem(m: unknown, i: number): OpenAIRequestProblem | undefined {
  const at = `messages[${i}]`;
  if (!isObject(m)) return problem(`Invalid type for '${at}': expected an object, but got ${typeof m} instead.`, at, 'invalid_type');
  if (!ROLES.includes(String(m.role))) {
    return problem(`Invalid value: '${String(m.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, `${at}.role`, 'invalid_value');
  }
  if (m.role === 'assistant') {
    if (m.tool_calls !== undefined) return toolCallsProblem(m.tool_calls, `${at}.tool_calls`);
    if (m.content === null || m.content === undefined) return problem("Invalid value for 'content': expected a string, got null.", `messages.[${i}].content`);
    return contentProblem(m.content, `${at}.content`);
  }
  if (m.role === 'tool' && typeof m.tool_call_id !== 'string') return missing(`${at}.tool_call_id`);
  if (m.content === undefined) return missing(`${at}.content`);
  return contentProblem(m.content, `${at}.content`);
}

/** Tool results answer the assistant turn right before them, each of its calls exactly once. */
function toolTurnProblem(messages: readonly Json[]): OpenAIRequestProblem | undefined {
  let open: { index: number; ids: Set<string> } | undefined;
  const unanswered = (): OpenAIRequestProblem | undefined =>
    open && open.ids.size > 0
      ? problem(
          `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open.ids].join(', ')}`,
          `messages.[${open.index}].role`,
        )
      : undefined;
  for (const [i, m] of messages.entries()) {
    if (m.role === 'tool') {
      if (!open) return problem("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${i}].role`);
      const id = String(m.tool_call_id);
      if (!open.ids.delete(id)) return problem(`Invalid parameter: 'tool_call_id' of '${id}' not found in 'tool_calls' of previous message.`, `messages.[${i}].tool_call_id`);
      continue;
    }
    const pending = unanswered();
    if (pending) return pending;
    open = m.role === 'assistant' && Array.isArray(m.tool_calls) ? { index: i, ids: new Set((m.tool_calls as Json[]).map((c) => String(c.id))) } : undefined;
  }
  return unanswered();
}

function toolsProblem(body: Json): OpenAIRequestProblem | undefined {
  const tools = body.tools;
  if (tools === undefined) {
    if (body.tool_choice !== undefined) return problem("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
    if (body.parallel_tool_calls !== undefined) return problem("Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.", 'parallel_tool_calls');
    return undefined;
  }
  if (!Array.isArray(tools)) return problem(`Invalid type for 'tools': expected an array of objects, but got ${typeof tools} instead.`, 'tools', 'invalid_type');
  if (tools.length === 0) return problem("Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'tools', 'empty_array');
  const names = new Set<string>();
  for (const [i, tool] of tools.entries()) {
    const at = `tools[${i}]`;
    if (!isObject(tool) || tool.type !== 'function') return missing(`${at}.type`);
    const fn = isObject(tool.function) ? tool.function : undefined;
    if (typeof fn?.name !== 'string') return missing(`${at}.function.name`);
    if (!TOOL_NAME.test(fn.name)) {
      return problem(`Invalid '${at}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${at}.function.name`, 'invalid_value');
    }
    names.add(fn.name);
    const params = fn.parameters;
    if (params !== undefined && (!isObject(params) || params.type !== 'object')) {
      return problem(`Invalid schema for function '${fn.name}': schema must be a JSON Schema of 'type: "object"', got 'type: "${String(isObject(params) ? params.type : params)}"'.`, `${at}.function.parameters`, 'invalid_function_parameters');
    }
    const strict = fn.strict === true ? strictSchemaProblem(params) : undefined;
    if (strict) return problem(`Invalid schema for function '${fn.name}': ${strict}`, `${at}.function.parameters`, 'invalid_function_parameters');
  }
  const choice = body.tool_choice;
  if (choice === undefined) return undefined;
  if (typeof choice === 'string') {
    return ['none', 'auto', 'required'].includes(choice)
      ? undefined
      : problem(`Invalid value: '${choice}'. Supported values are: 'none', 'auto', and 'required'.`, 'tool_choice', 'invalid_value');
  }
  const named = isObject(choice) && isObject(choice.function) ? choice.function.name : undefined;
  if (!isObject(choice) || choice.type !== 'function' || typeof named !== 'string') return missing('tool_choice.function.name');
  if (!names.has(named)) return problem(`Invalid value for 'tool_choice': function '${named}' not found in 'tools'.`, 'tool_choice');
  return undefined;
}

function responseFormatProblem(rf: unknown): OpenAIRequestProblem | undefined {
  if (rf === undefined) return undefined;
  if (!isObject(rf) || !['text', 'json_object', 'json_schema'].includes(String(rf.type))) {
    return problem(`Invalid value: '${String(isObject(rf) ? rf.type : rf)}'. Supported values are: 'json_object', 'json_schema', and 'text'.`, 'response_format.type', 'invalid_value');
  }
  if (rf.type !== 'json_schema') return undefined;
  const js = isObject(rf.json_schema) ? rf.json_schema : undefined;
  if (typeof js?.name !== 'string') return missing('response_format.json_schema.name');
  if (js.strict !== true) return undefined;
  // "Root objects must not be anyOf and must be an object" (a missing type is Python's None in the API's words).
  const rootType = isObject(js.schema) ? js.schema.type : undefined;
  if (rootType !== 'object') {
    return problem(`Invalid schema for response_format '${js.name}': schema must be a JSON Schema of 'type: "object"', got 'type: "${rootType === undefined ? 'None' : String(rootType)}"'.`, 'response_format', 'invalid_json_schema');
  }
  const strict = strictSchemaProblem(js.schema);
  return strict ? problem(`Invalid schema for response_format '${js.name}': ${strict}`, 'response_format') : undefined;
}

function settingsProblem(body: Json, rules: OpenAIRequestRules): OpenAIRequestProblem | undefined {
  const temperature = body.temperature;
  if (typeof temperature === 'number' && (temperature < 0 || temperature > 2)) {
    const [side, bound] = temperature < 0 ? ['below minimum', '>= 0'] : ['above maximum', '<= 2'];
    return problem(`Invalid 'temperature': decimal ${side} value. Expected a value ${bound}, but got ${temperature} instead.`, 'temperature', temperature < 0 ? 'decimal_below_min_value' : 'decimal_above_max_value');
  }
  if (body.stream_options !== undefined && body.stream !== true) {
    return problem("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  if (typeof body.n === 'number' && rules.maxChoices !== undefined && body.n > rules.maxChoices) {
    return problem(`'n' : number must be at most ${rules.maxChoices}`, 'n');
  }
  if (typeof body.model === 'string' && rules.reasoningModels?.test(body.model)) {
    if (body.max_tokens !== undefined) {
      return problem("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
    }
    if (temperature !== undefined && temperature !== 1) {
      return problem(`Unsupported value: 'temperature' does not support ${String(temperature)} with this model. Only the default (1) value is supported.`, 'temperature', 'unsupported_value');
    }
  }
  return undefined;
}

/** The first thing the vendor would refuse in a Chat Completions body, or undefined if it would take it. */
export function openAIRequestProblem(raw: unknown, rules: OpenAIRequestRules = OPENAI_RULES): OpenAIRequestProblem | undefined {
  if (!isObject(raw)) return problem('We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)');
  const body = raw;
  if (rules.knownParams) {
    const unknown = Object.keys(body).find((k) => !rules.knownParams!.has(k));
    if (unknown !== undefined) return (rules.unknownParam ?? OPENAI_RULES.unknownParam!)(unknown);
  }
  if (typeof body.model !== 'string' || body.model === '') return problem('you must provide a model parameter');
  if (body.messages === undefined) return missing('messages');
  if (!Array.isArray(body.messages)) return problem(`Invalid type for 'messages': expected an array of objects, but got ${typeof body.messages} instead.`, 'messages', 'invalid_type');
  if (body.messages.length === 0) return problem("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
  for (const [i, m] of body.messages.entries()) {
    const found = messageProblem(m, i);
    if (found) return found;
  }
  return toolTurnProblem(body.messages as Json[]) ?? toolsProblem(body) ?? responseFormatProblem(body.response_format) ?? settingsProblem(body, rules);
}
