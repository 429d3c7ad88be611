import { randomBytes } from 'node:crypto';
import { sendJson, sendSse, startFakeServer, type FakeServer, type IncomingCall, type JsonObject as Json } from './fake-server.js';
import { ANTHROPIC_BAD_SHAPES } from './fake-bad-shape-recipes.js';
import { anthropicRequestProblem, thinkingBlocksProblem } from './fake-anthropic-rules.js';
import { DEFAULT_USAGE, splitText, type Fault, type Scenario, type ScenarioUsage, type ScriptedErrorKind, type SeenRequest, ALL_ERROR_KINDS } from './scenario.js';


/** Options of the fake Anthropic Messages API server. */
export interface FakeAnthropicServerOptions {
  apiKey?: string;
  /** The model list served at `GET /v1/models`. */
  models?: string[];
  /** The `usage` object for a scenario (to script cache writes, thinking tokens, ...). */
  usage?: (usage: ScenarioUsage, body: Json) => Json;
  /** The model name the reply reports for a requested model. */
  responseModel?: (requested: string) => string;
  /** The tool whose forced call carries structured output (the Anthropic provider's `json_output`). */
  structuredOutputTool?: string;
  /** The `input_tokens` that `POST /v1/messages/count_tokens` answers for a body; by default its JSON length / 4, rounded up. */
  countTokens?: (body: Json) => number;
  /**
   * The usage `message_delta` carries: `full` (input, cache and output counts, as the API sends
   * today) or `output-only` (only `output_tokens`, as older streams did; the input counts are then
   * only in `message_start`).
   */
  messageDeltaUsage?: 'full' | 'output-only';
}

export const ANTHROPIC_ERROR_KINDS: readonly ScriptedErrorKind[] = ALL_ERROR_KINDS;

function requestId(): string {
  return `req_011C${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

function errorBody(type: string, message: string): Json {
  return { type: 'error', error: { type, message }, request_id: requestId() };
}

/** Anthropic's `anthropic-ratelimit-*` headers (reset times are RFC 3339 instants). */
export function anthropicRateLimitHeaders(options: { remainingRequests?: number; resetSeconds?: number; remainingTokens?: number } = {}): Record<string, string> {
  const reset = new Date(Date.now() + (options.resetSeconds ?? 1) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const tokens = options.remainingTokens ?? 79000;
  return {
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': String(options.remainingRequests ?? 49),
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-tokens-limit': '80000',
    'anthropic-ratelimit-tokens-remaining': String(tokens),
    'anthropic-ratelimit-tokens-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '40000',
    'anthropic-ratelimit-input-tokens-remaining': String(Math.min(40000, tokens)),
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '40000',
    'anthropic-ratelimit-output-tokens-remaining': String(Math.min(40000, tokens)),
    'anthropic-ratelimit-output-tokens-reset': reset,
  };
}

/** Anthropic's real error replies: status, `{"type":"error","error":{type,message}}` body and headers. */
export function anthropicErrorReply(kind: ScriptedErrorKind, message?: string, retryAfterSeconds?: number): { status: number; body: Json; headers?: Record<string, string> } {
  switch (kind) {
    case 'authentication':
      return { status: 401, body: errorBody('authentication_error', message ?? 'invalid x-api-key') };
    case 'permission_denied':
      return { status: 403, body: errorBody('permission_error', message ?? 'Your API key does not have permission to use the specified resource.') };
    case 'not_found':
      return { status: 404, body: errorBody('not_found_error', message ?? 'model: claude-nonexistent-1') };
    case 'invalid_request':
      return { status: 400, body: errorBody('invalid_request_error', message ?? 'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row') };
    case 'context_length_exceeded':
      return { status: 400, body: errorBody('invalid_request_error', message ?? 'prompt is too long: 208310 tokens > 200000 maximum') };
    case 'content_filtered':
      return { status: 400, body: errorBody('invalid_request_error', message ?? 'Output blocked by content filtering policy') };
    case 'rate_limited': {
      const wait = retryAfterSeconds ?? 1;
      return {
        status: 429,
        body: errorBody(
          'rate_limit_error',
          message ??
            'This request would exceed the rate limit for your organization (00000000-0000-0000-0000-000000000000) of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
        ),
        headers: { 'retry-after': String(wait), ...anthropicRateLimitHeaders({ remainingRequests: 0, resetSeconds: wait }) },
      };
    }
    case 'quota_exceeded':
      return {
        status: 400,
        body: errorBody('invalid_request_error', message ?? 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.'),
      };
    case 'provider_error':
      return { status: 500, body: errorBody('api_error', message ?? 'Internal server error') };
    case 'overloaded':
      return { status: 529, body: errorBody('overloaded_error', message ?? 'Overloaded') };
  }
}

function usageJson(u: ScenarioUsage): Json {
  const cached = u.cachedInputTokens ?? 0;
  const written = u.cacheWriteTokens ?? 0;
  const out: Json = {
    // Anthropic counts cache reads and writes apart from input_tokens.
    input_tokens: Math.max(0, u.inputTokens - cached - written),
    cache_creation_input_tokens: written,
    cache_read_input_tokens: cached,
    cache_creation: { ephemeral_5m_input_tokens: written, ephemeral_1h_input_tokens: 0 },
    output_tokens: u.outputTokens,
    service_tier: 'standard',
  };
  if (u.reasoningTokens !== undefined) out.output_tokens_details = { thinking_tokens: u.reasoningTokens };
  return out;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b) => (typeof b === 'object' && b && (b as Json).type === 'text' ? String((b as Json).text) : '')).join('');
  return content == null ? '' : JSON.stringify(content);
}

/** The key a request carries: `x-api-key`, or a bearer token. */
function anthropicApiKey(call: IncomingCall): string | undefined {
  return call.headers['x-api-key'] ?? call.headers.authorization?.replace(/^Bearer\s+/i, '');
}

/** The tool a request forces (`tool_choice: {type:'tool', name}`), if any. */
function forcedTool(body: Json): string | undefined {
  const choice = body.tool_choice as Json | undefined;
  return choice?.type === 'tool' && typeof choice.name === 'string' ? choice.name : undefined;
}

/** Reads a Messages API request into the suite's vendor-neutral view. */
export function seenAnthropicRequest(call: IncomingCall, structuredOutputTool = 'json_output'): SeenRequest {
  const body = (call.body ?? {}) as Json;
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  const system = body.system === undefined ? undefined : Array.isArray(body.system) ? (body.system as Json[]).map((b) => String(b.text)).join('\n') : String(body.system);
  const format = (body.output_config as Json | undefined)?.format as Json | undefined;
  const outputTool = tools.find((t) => t.name === structuredOutputTool);
  const toolResults: SeenRequest['toolResults'] = [];
  for (const m of messages) {
    if (m.role !== 'user' || !Array.isArray(m.content)) continue;
    for (const block of m.content as Json[]) {
      if (block.type === 'tool_result') toolResults.push({ toolCallId: block.tool_use_id as string | undefined, content: textOf(block.content) });
    }
  }
  return {
    path: call.path,
    model: typeof body.model === 'string' ? body.model : undefined,
    stream: body.stream === true,
    apiKey: anthropicApiKey(call),
    roles: messages.map((m) => String(m.role)),
    system,
    maxTokens: body.max_tokens as number | undefined,
    temperature: body.temperature as number | undefined,
    stop: Array.isArray(body.stop_sequences) ? (body.stop_sequences as string[]) : undefined,
    toolNames: tools.filter((t) => t !== outputTool).map((t) => String(t.name)),
    toolResults,
    responseSchema:
      format?.type === 'json_schema' ? (format.schema as Json | undefined) : outputTool ? (outputTool.input_schema as Json | undefined) : undefined,
    headers: call.headers,
    body,
  };
}

const STOP_REASON = { stop: 'end_turn', length: 'max_tokens', content_filter: 'refusal' } as const;

interface Block {
  type: 'thinking' | 'text' | 'tool_use';
  text: string;
  id?: string;
  name?: string;
  input?: unknown;
}

/**
 * A fake Anthropic Messages API server: `POST /v1/messages` as JSON and as SSE (message_start,
 * content_block_start, ping, content_block_delta with text/input_json/thinking/signature deltas,
 * content_block_stop, message_delta, message_stop; `event: error` mid-stream), `GET /v1/models`,
 * `x-api-key` auth, real error bodies and headers (request-id, retry-after, anthropic-ratelimit-*), and faults.
 * Its base URL is the host: the SDK adds `/v1`.
 */
export function startFakeAnthropicServer(options: FakeAnthropicServerOptions = {}): Promise<FakeServer> {
  const models = options.models ?? ['claude-sonnet-4-6', 'claude-opus-4-8', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929'];
  const toUsage = options.usage ?? ((u: ScenarioUsage) => usageJson(u));
  const outputToolName = options.structuredOutputTool ?? 'json_output';
  const responseModel =
    options.responseModel ??
    ((m: string) => ({ 'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5': 'claude-haiku-4-5-20251001', 'claude-opus-4-5': 'claude-opus-4-5-20251101' })[m] ?? m);

  // Signature → the thinking text it was issued for (what a real signature vouches for).
  const issued = new Map<string, string>();

  return startFakeServer({
    badShapes: ANTHROPIC_BAD_SHAPES,
    vendor: 'anthropic',
    apiKey: options.apiKey,
    basePath: '',
    errorKinds: ANTHROPIC_ERROR_KINDS,
    // The API takes the key as `x-api-key`; @anthropic-ai/sdk 1.x sends it as `Authorization: Bearer`.
    readApiKey: (call) => anthropicApiKey(call),
    sendUnauthorized: (call) => {
      const reply = anthropicErrorReply('authentication');
      void sendJson(call, reply.status, reply.body, { 'request-id': (reply.body.request_id as string | undefined) ?? requestId() });
    },
    async handle(call, next, seen) {
      const headers = (id: string) => ({ 'request-id': id, 'anthropic-organization-id': '00000000-0000-0000-0000-000000000000', ...anthropicRateLimitHeaders() });
      if (call.method === 'GET' && call.path === '/v1/models') {
        const data = models.map((id, i) => ({
          type: 'model',
          id,
          display_name: id.replace(/-\d{8}$/, '').replace(/^claude-/, 'Claude ').replace(/-/g, ' '),
          created_at: new Date(Date.UTC(2025, 9, 1 - i)).toISOString(),
          max_input_tokens: 200000,
          max_tokens: 64000,
        }));
        const limit = Number(call.query.get('limit') ?? 20);
        const page = data.slice(0, Math.max(1, limit));
        await sendJson(call, 200, { data: page, has_more: page.length < data.length, first_id: page[0]?.id ?? null, last_id: page[page.length - 1]?.id ?? null }, headers(requestId()));
        return;
      }
      if (call.method === 'POST' && call.path === '/v1/messages/count_tokens') {
        // Anthropic's token counting endpoint: `{ input_tokens }` for model, messages, system, tools.
        const body = (call.body ?? {}) as Json;
        if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
          await sendJson(call, 400, errorBody('invalid_request_error', 'model and messages: Field required'), headers(requestId()));
          return;
        }
        seen({ ...seenAnthropicRequest(call, outputToolName), path: call.path });
        const count = options.countTokens ?? ((b: Json) => Math.ceil(JSON.stringify({ system: b.system, messages: b.messages, tools: b.tools }).length / 4));
        await sendJson(call, 200, { input_tokens: count(body) }, headers(requestId()));
        return;
      }
      if (call.method !== 'POST' || call.path !== '/v1/messages') {
        await sendJson(call, 404, errorBody('not_found_error', `Not Found`), headers(requestId()));
        return;
      }
      const body = (call.body ?? {}) as Json;
      const refused = anthropicRequestProblem(call.body);
      if (refused) {
        await sendJson(call, 400, errorBody('invalid_request_error', refused), headers(requestId()));
        return;
      }
      seen(seenAnthropicRequest(call, outputToolName));
      const problem = thinkingBlocksProblem(body, issued);
      if (problem) {
        await sendJson(call, 400, errorBody('invalid_request_error', problem), headers(requestId()));
        return;
      }
      const scenario: Scenario = next();
      const reqId = requestId();
      if (scenario.kind === 'error') {
        const reply = anthropicErrorReply(scenario.error, scenario.message, scenario.retryAfterSeconds);
        await sendJson(call, reply.status, { ...reply.body, request_id: reqId }, { ...headers(reqId), ...(reply.headers ?? {}) });
        return;
      }
      const id = `msg_01${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
      const model = responseModel(String(body.model ?? 'unknown'));
      const usage = toUsage(scenario.kind === 'stream-error' ? DEFAULT_USAGE : (scenario.usage ?? DEFAULT_USAGE), body);
      const fault: Fault | undefined = scenario.kind === 'stream-error' ? undefined : scenario.fault;
      const forced = forcedTool(body);

      const blocks: Block[] = [];
      let stopReason: string;
      if (scenario.kind === 'tool-calls') {
        if (scenario.reasoning) blocks.push({ type: 'thinking', text: scenario.reasoning });
        if (scenario.text) blocks.push({ type: 'text', text: scenario.text });
        scenario.calls.forEach((c, i) => {
          const args = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments);
          let input: unknown;
          try {
            input = JSON.parse(args || '{}');
          } catch {
            input = {};
          }
          blocks.push({ type: 'tool_use', id: c.id ?? `toolu_01${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}${i}`, name: c.name, input, text: args });
        });
        stopReason = scenario.finishReason === 'length' ? 'max_tokens' : 'tool_use';
      } else if (scenario.kind === 'text') {
        if (scenario.reasoning) blocks.push({ type: 'thinking', text: scenario.reasoning });
        let asTool: unknown;
        if (forced === outputToolName) {
          try {
            asTool = JSON.parse(scenario.text);
          } catch {
            asTool = undefined;
          }
        }
        if (asTool !== undefined) {
          // Structured output through a forced tool: the model answers with that tool's input.
          blocks.push({ type: 'tool_use', id: `toolu_01${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`, name: outputToolName, input: asTool, text: scenario.text });
          stopReason = 'tool_use';
        } else {
          blocks.push({ type: 'text', text: scenario.text });
          stopReason = STOP_REASON[scenario.finishReason ?? 'stop'];
        }
      } else {
        blocks.push({ type: 'text', text: scenario.afterText });
        stopReason = 'end_turn';
      }
      const signature = `Ev${randomBytes(48).toString('base64')}`;
      const thought = blocks.find((b) => b.type === 'thinking');
      if (thought) issued.set(signature, thought.text);

      if (body.stream !== true) {
        const content = blocks.map((b) =>
          b.type === 'thinking'
            ? { type: 'thinking', thinking: b.text, signature }
            : b.type === 'text'
              ? { type: 'text', text: b.text }
              : { type: 'tool_use', id: b.id, name: b.name, input: b.input },
        );
        const message = { model, id, type: 'message', role: 'assistant', content, stop_reason: stopReason, stop_sequence: null, usage };
        await sendJson(call, 200, message, headers(reqId), fault);
        return;
      }

      const frame = (event: string, data: Json) => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
      const startUsage = { ...usage, output_tokens: 1 };
      delete (startUsage as Json).output_tokens_details;
      const frames: string[] = [frame('message_start', { message: { model, id, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, usage: startUsage } })];
      const chunkCount = scenario.kind === 'text' ? scenario.chunks : undefined;
      const ping = 'event: ping\ndata: {"type": "ping"}\n\n';
      blocks.forEach((b, index) => {
        // The API sends a ping after the first block starts, between blocks, and after a tool block starts.
        if (index > 0) frames.push(ping);
        if (b.type === 'thinking') {
          frames.push(frame('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
          if (index === 0) frames.push(ping);
          for (const piece of splitText(b.text)) frames.push(frame('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } }));
          frames.push(frame('content_block_delta', { index, delta: { type: 'signature_delta', signature } }));
        } else if (b.type === 'text') {
          frames.push(frame('content_block_start', { index, content_block: { type: 'text', text: '' } }));
          if (index === 0) frames.push(ping);
          for (const piece of splitText(b.text, chunkCount)) frames.push(frame('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
          if (scenario.kind === 'stream-error') return;
        } else {
          frames.push(frame('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } }));
          frames.push(ping);
          frames.push(frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }));
          // A tool called without arguments streams only the empty fragment above, never "{}".
          const whole = JSON.stringify(b.input);
          // Cut by max_tokens in the last call: half its JSON, and no content_block_stop (as recorded).
          const cutOff = stopReason === 'max_tokens' && index === blocks.length - 1;
          const json = cutOff ? whole.slice(0, Math.ceil(whole.length / 2)) : whole;
          if (json !== '{}') {
            for (const piece of splitText(json, Math.max(1, Math.ceil(json.length / 8)))) {
              frames.push(frame('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
            }
          }
          if (cutOff) return;
        }
        frames.push(frame('content_block_stop', { index }));
      });
      if (scenario.kind === 'stream-error') {
        const reply = anthropicErrorReply(scenario.error, scenario.message);
        const error = reply.body.error as Json;
        frames.push(`event: error\ndata: ${JSON.stringify({ type: 'error', error, request_id: reqId })}\n\n`);
        await sendSse(call, frames, headers(reqId));
        return;
      }
      const deltaUsage: Json = {};
      const deltaKeys = options.messageDeltaUsage === 'output-only' ? ['output_tokens'] : ['input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens', 'output_tokens', 'output_tokens_details'];
      for (const key of deltaKeys) {
        if (usage[key] !== undefined) deltaUsage[key] = usage[key];
      }
      frames.push(frame('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: deltaUsage }));
      frames.push(frame('message_stop', {}));
      if (fault?.kind === 'malformed-json') {
        // The SDK skips frames without an `event:` line, so the broken frame keeps its event name.
        frames[Math.floor(frames.length / 2)] = 'event: content_block_delta\ndata: {"broken": \n\n';
        await sendSse(call, frames, headers(reqId));
        return;
      }
      await sendSse(call, frames, headers(reqId), fault);
    },
  });
}
