/**
 * What `generateContent` refuses before it generates anything, as the fake Gemini server checks it:
 * each rule is one the real API enforces, with the message it answers (400 `INVALID_ARGUMENT`).
 */

type Json = Record<string, unknown>;

const REQUEST_FIELDS: ReadonlySet<string> = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'safetySettings', 'generationConfig', 'cachedContent', 'labels']);
const PART_DATA = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'];
const FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$/;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parts(content: Json | undefined): Json[] {
  return content && Array.isArray(content.parts) ? (content.parts as Json[]) : [];
}

function count(content: Json | undefined, key: 'functionCall' | 'functionResponse'): number {
  return parts(content).filter((p) => isObject(p) && p[key] !== undefined).length;
}

function contentsProblem(contents: unknown): string | undefined {
  if (!Array.isArray(contents) || contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  for (const [i, c] of contents.entries()) {
    if (!isObject(c)) return `* GenerateContentRequest.contents[${i}]: Invalid value`;
    if (c.role !== undefined && c.role !== 'user' && c.role !== 'model') return 'Please use a valid role: user, model.';
    if (!Array.isArray(c.parts) || c.parts.length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
    for (const [j, p] of c.parts.entries()) {
      if (!isObject(p) || !PART_DATA.some((k) => p[k] !== undefined)) {
        return `* GenerateContentRequest.contents[${i}].parts[${j}].data: required oneof field 'data' must have one initialized field`;
      }
    }
  }
  return turnsProblem(contents as Json[]);
}

/** Function calls come right after a user turn or function responses; responses answer the call turn just before, one for one. */
function turnsProblem(contents: readonly Json[]): string | undefined {
  for (const [i, c] of contents.entries()) {
    const previous = contents[i - 1];
    if (count(c, 'functionCall') > 0 && (previous === undefined || previous.role === 'model')) {
      return 'Please ensure that function call turn comes immediately after a user turn or after a function response turn.';
    }
    const responses = count(c, 'functionResponse');
    if (responses === 0) continue;
    const calls = count(previous, 'functionCall');
    if (calls === 0) return 'Please ensure that function response turn comes immediately after a function call turn.';
    if (calls !== responses) return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
  }
  return undefined;
}

function declarations(tools: unknown): Json[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((t) => (isObject(t) && Array.isArray(t.functionDeclarations) ? (t.functionDeclarations as Json[]) : []));
}

function toolsProblem(body: Json): string | undefined {
  const declared = declarations(body.tools);
  for (const [j, d] of declared.entries()) {
    if (!isObject(d) || typeof d.name !== 'string' || !FUNCTION_NAME.test(d.name)) {
      return `* GenerateContentRequest.tools[0].function_declarations[${j}].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 64.`;
    }
  }
  const config = isObject(body.toolConfig) && isObject(body.toolConfig.functionCallingConfig) ? body.toolConfig.functionCallingConfig : undefined;
  if (!config) return undefined;
  if (declared.length === 0) return '* GenerateContentRequest.tool_config.function_calling_config: function calling config is set without function_declarations.';
  const allowed = config.allowedFunctionNames;
  if (Array.isArray(allowed)) {
    if (config.mode !== 'ANY' && config.mode !== 'VALIDATED') return '* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: allowed_function_names may only be set when mode is ANY.';
    const names = new Set(declared.map((d) => d.name));
    const unknown = allowed.find((n) => !names.has(n));
    if (unknown !== undefined) return `* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: function "${String(unknown)}" is not declared.`;
  }
  return undefined;
}

/** The first thing Gemini would refuse in a `generateContent` body, or undefined. */
export function googleRequestProblem(raw: unknown): string | undefined {
  if (!isObject(raw)) return 'Invalid JSON payload received. Expected an object.';
  const unknown = Object.keys(raw).find((k) => !REQUEST_FIELDS.has(k));
  if (unknown !== undefined) return `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.`;
  const temperature = isObject(raw.generationConfig) ? raw.generationConfig.temperature : undefined;
  if (typeof temperature === 'number' && (temperature < 0 || temperature > 2)) {
    return '* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0]';
  }
  return contentsProblem(raw.contents) ?? toolsProblem(raw);
}
