import { randomBytes } from 'node:crypto';
import { sendJson, sendSse, startFakeServer, type FakeServer, type IncomingCall, type JsonObject as Json } from './fake-server.js';
import { OPENAI_BAD_SHAPES } from './fake-bad-shape-recipes.js';
import { chunkFrames, completionJson, type ChoicePlan, type FrameStyle, type ReplyPlan } from './fake-openai-frames.js';
import { azureDecorate, azurePreamble } from './fake-azure-filters.js';
import { openAIRequestProblem, OPENAI_RULES, type OpenAIRequestProblem, type OpenAIRequestRules } from './fake-openai-rules.js';
import { DEFAULT_USAGE, splitText, type Scenario, type ScenarioUsage, type ScriptedErrorKind, type SeenRequest, ALL_ERROR_KINDS } from './scenario.js';


/** Hooks that let OpenAI-compatible vendors (Groq, OpenRouter) reuse this server with their own additions. */
export interface FakeOpenAIServerOptions {
  vendor?: string;
  apiKey?: string;
  /** Path prefix of the base URL; `/v1` for OpenAI. */
  basePath?: string;
  /** The model list served at `GET {basePath}/models`. */
  models?: string[];
  /** The `usage` object for a scenario (OpenRouter adds `cost`, Groq timings). */
  usage?: (usage: ScenarioUsage, body: Json) => Json;
  /**
   * Adds vendor fields to every completion or chunk (Groq's `x_groq`, OpenRouter's `provider`).
   * `usage` is this reply's vendor usage object, for vendors that put it somewhere else.
   */
  decorate?: (payload: Json, kind: 'completion' | 'chunk' | 'usage-chunk', body: Json, usage: Json) => Json;
  /** The usage chunk when `include_usage` is asked for: `separate` (OpenAI, `choices: []`), `repeat-choice` (OpenRouter), `none` (Groq: on the finish chunk). */
  usageChunk?: FrameStyle['usageChunk'];
  /** `fragments` (OpenAI: arguments in many deltas) or `whole` (Groq: each call in one delta). */
  toolCallDeltas?: FrameStyle['toolCallDeltas'];
  /** The field reasoning text travels in (`reasoning` on Groq and OpenRouter); OpenAI sends none (only `reasoning_tokens`). */
  reasoningField?: string;
  /** Scripted errors this vendor produces (default: all of OpenAI's). */
  errorKinds?: readonly ScriptedErrorKind[];
  /** The SSE frames of an error inside a stream; `chunk` builds a chunk of this reply. Default: `data: {"error":...}`. */
  streamErrorFrames?: (reply: { status: number; body: Json }, chunk: (delta: Json, finishReason: string | null) => Json, usage: Json) => string[];
  /** Answers to other paths under the base path (`GET /key`), keyed by `METHOD /path`. */
  routes?: Record<string, (call: IncomingCall) => { status: number; body: Json }>;
  /** Extra headers on every reply. */
  headers?: (call: IncomingCall) => Record<string, string>;
  /** The model name the reply reports for a requested model (OpenRouter: the fallback that answered). */
  responseModel?: (requested: string, body: Json) => string;
  /** Vendor-specific error bodies; default is OpenAI's. */
  errorReply?: (kind: ScriptedErrorKind, message: string | undefined, retryAfterSeconds?: number) => { status: number; body: Json; headers?: Record<string, string> };
  /** Frames to emit after each text chunk, such as OpenRouter's `: OPENROUTER PROCESSING` comments. */
  commentFrame?: string;
  /** Comment frames before the first chunk (OpenRouter sends some while the upstream starts). */
  leadingComments?: number;
  /** What the vendor refuses in a request body (default: OpenAI's rules, unknown fields included). */
  rules?: OpenAIRequestRules;
  /** The vendor's reply to a refused request; default: OpenAI's 400 `invalid_request_error`. */
  refusal?: (problem: OpenAIRequestProblem, body: Json) => { status: number; body: Json };
  /** Fields every completion and chunk carries after `model`; OpenAI's `service_tier` and `system_fingerprint` by default. */
  envelope?: Json;
  /**
   * Answer as Azure OpenAI does: a first stream chunk with empty `id`, `model` and `choices` that
   * carries only `prompt_filter_results`, `content_filter_results` on every choice, and a null
   * `system_fingerprint`.
   */
  azure?: boolean;
}

export const OPENAI_ERROR_KINDS: readonly ScriptedErrorKind[] = ALL_ERROR_KINDS;

function err(message: string, type: string, code: string | null, param: string | null = null): Json {
  return { error: { message, type, param, code } };
}

/** OpenAI's real error replies, status, body and headers. */
export function openAIErrorReply(kind: ScriptedErrorKind, message?: string, retryAfterSeconds?: number): { status: number; body: Json; headers?: Record<string, string> } {
  switch (kind) {
    case 'authentication':
      return { status: 401, body: err(message ?? 'Incorrect API key provided: sk-abc***xyz. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key') };
    case 'permission_denied':
      return { status: 403, body: err(message ?? 'Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory') };
    case 'not_found':
      return { status: 404, body: err(message ?? 'The model `gpt-nonexistent` does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found') };
    case 'invalid_request':
      return { status: 400, body: err(message ?? "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'invalid_request_error', 'unsupported_parameter', 'max_tokens') };
    case 'context_length_exceeded':
      return {
        status: 400,
        body: err(message ?? "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.", 'invalid_request_error', 'context_length_exceeded', 'messages'),
      };
    case 'content_filtered':
      return { status: 400, body: err(message ?? "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", 'invalid_request_error', 'content_filter', 'prompt') };
    case 'rate_limited': {
      const wait = retryAfterSeconds ?? 1;
      return {
        status: 429,
        body: err(message ?? `Rate limit reached for gpt-4o-mini in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${wait}s.`, 'requests', 'rate_limit_exceeded'),
        headers: {
          'retry-after': String(wait),
          'retry-after-ms': String(wait * 1000),
          'x-ratelimit-limit-requests': '3',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${wait}s`,
          'x-ratelimit-limit-tokens': '40000',
          'x-ratelimit-remaining-tokens': '39000',
          'x-ratelimit-reset-tokens': '1.5s',
        },
      };
    }
    case 'quota_exceeded':
      return { status: 429, body: err(message ?? 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota') };
    case 'provider_error':
      return { status: 500, body: err(message ?? 'The server had an error while processing your request. Sorry about that!', 'server_error', null) };
    case 'overloaded':
      return { status: 503, body: err(message ?? 'The engine is currently overloaded, please try again later.', 'server_error', null) };
  }
}

function usageJson(u: ScenarioUsage): Json {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function callId(i: number): string {
  return `call_${randomBytes(9).toString('base64url')}${i}`;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === 'object' && p && 'text' in p ? String((p as Json).text) : '')).join('');
  return content == null ? '' : JSON.stringify(content);
}

/** Reads a Chat Completions request into the suite's vendor-neutral view. */
export function seenOpenAIRequest(call: IncomingCall, apiKeyHeader = 'authorization'): SeenRequest {
  const body = (call.body ?? {}) as Json;
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const stop = body.stop === undefined || body.stop === null ? undefined : Array.isArray(body.stop) ? (body.stop as string[]) : [String(body.stop)];
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  const rf = body.response_format as Json | undefined;
  const auth = call.headers[apiKeyHeader];
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => contentText(m.content));
  return {
    path: call.path,
    model: typeof body.model === 'string' ? body.model : undefined,
    stream: body.stream === true,
    apiKey: auth?.replace(/^Bearer\s+/i, ''),
    roles: messages.map((m) => String(m.role)),
    system: system.length ? system.join('\n') : undefined,
    maxTokens: (body.max_completion_tokens ?? body.max_tokens) as number | undefined,
    temperature: body.temperature as number | undefined,
    stop,
    toolNames: tools.map((t) => String((t.function as Json | undefined)?.name)),
    toolResults: messages.filter((m) => m.role === 'tool').map((m) => ({ toolCallId: m.tool_call_id as string | undefined, content: contentText(m.content) })),
    responseSchema: rf?.type === 'json_schema' ? ((rf.json_schema as Json | undefined)?.schema as Json | undefined) : undefined,
    headers: call.headers,
    body,
  };
}

/** A fake OpenAI Chat Completions server: JSON and SSE, tools, `json_schema`, `/models`, real errors and faults. */
export function startFakeOpenAIServer(options: FakeOpenAIServerOptions = {}): Promise<FakeServer> {
  const vendor = options.vendor ?? 'openai';
  const basePath = options.basePath ?? '/v1';
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-nano', 'o4-mini', 'text-embedding-3-small'];
  const errorReply = options.errorReply ?? openAIErrorReply;
  const toUsage = options.usage ?? ((u: ScenarioUsage) => usageJson(u));
  const responseModel = options.responseModel ?? ((m: string) => (m === 'gpt-4o-mini' ? 'gpt-4o-mini-2024-07-18' : m));
  const rules = options.rules ?? OPENAI_RULES;
  const envelope = options.envelope ?? { service_tier: 'default', system_fingerprint: 'fp_fake0001' };
  const reasoningField = options.reasoningField;
  const frameStyle: Omit<FrameStyle, 'decorate'> = {
    toolCallDeltas: options.toolCallDeltas ?? 'fragments',
    reasoningField,
    usageChunk: options.usageChunk ?? 'separate',
    commentFrame: options.commentFrame,
    leadingComments: options.leadingComments,
    ...(options.azure ? { preamble: azurePreamble } : {}),
  };
  const vendorDecorate = options.decorate ?? ((p: Json) => p);
  const decorate: NonNullable<FakeOpenAIServerOptions['decorate']> = options.azure ? (p, kind, body, usage) => azureDecorate(vendorDecorate(p, kind, body, usage)) : vendorDecorate;

  /** A scenario as the reply to this request: `n` choices, logprobs and usage as asked. */
  const replyPlan = (scenario: Exclude<Scenario, { kind: 'error' }>, body: Json): ReplyPlan => {
    let usage = scenario.kind === 'stream-error' ? DEFAULT_USAGE : (scenario.usage ?? DEFAULT_USAGE);
    const reasoning = scenario.kind === 'stream-error' ? undefined : scenario.reasoning;
    // OpenAI sends no reasoning text: a reasoning model reports only the tokens it spent.
    if (reasoning && !reasoningField && usage.reasoningTokens === undefined) usage = { ...usage, reasoningTokens: splitText(reasoning).length };
    const calls = scenario.kind === 'tool-calls' ? scenario.calls.map((c, i) => ({ id: c.id ?? callId(i), name: c.name, args: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) })) : [];
    const cutOff = scenario.kind === 'tool-calls' && scenario.finishReason === 'length';
    const last = calls[calls.length - 1];
    if (cutOff && last) last.args = last.args.slice(0, Math.ceil(last.args.length / 2));
    const text = scenario.kind === 'text' ? scenario.text : scenario.kind === 'tool-calls' ? (scenario.text ?? '') : scenario.afterText;
    const finish = cutOff ? 'length' : scenario.kind === 'tool-calls' ? 'tool_calls' : scenario.kind === 'text' ? (scenario.finishReason ?? 'stop') : 'stop';
    const refusal = scenario.kind === 'text' ? scenario.refusal : undefined;
    const first: ChoicePlan = { index: 0, text: refusal === undefined ? text : '', refusal, reasoning, calls, finish };
    const n = typeof body.n === 'number' && body.n > 1 ? body.n : 1;
    const others = Array.from({ length: n - 1 }, (_, i): ChoicePlan => ({ index: i + 1, text: `(choice ${i + 1}) ${text}`, calls: [], finish: 'stop' }));
    return {
      id: `chatcmpl-${randomBytes(12).toString('base64url')}`,
      created: Math.floor(Date.now() / 1000),
      model: responseModel(String(body.model ?? 'unknown'), body),
      usage: toUsage(usage, body),
      choices: [first, ...others],
      logprobs: body.logprobs === true,
      includeUsage: (body.stream_options as Json | undefined)?.include_usage === true,
      textChunks: scenario.kind === 'text' ? scenario.chunks : undefined,
      envelope: options.azure ? { ...envelope, system_fingerprint: null } : envelope,
    };
  };
  const refusal = options.refusal ?? ((p: OpenAIRequestProblem) => ({ status: 400, body: err(p.message, 'invalid_request_error', p.code, p.param) }));

  return startFakeServer({
    badShapes: OPENAI_BAD_SHAPES,
    vendor,
    apiKey: options.apiKey,
    basePath,
    errorKinds: options.errorKinds ?? OPENAI_ERROR_KINDS,
    readApiKey: (call) => call.headers.authorization?.replace(/^Bearer\s+/i, ''),
    sendUnauthorized: (call) => {
      const reply = errorReply('authentication', undefined);
      void sendJson(call, reply.status, reply.body, { 'x-request-id': `req_${randomBytes(8).toString('hex')}`, ...(reply.headers ?? {}) });
    },
    async handle(call, next, seen) {
      const extraHeaders = { 'x-request-id': `req_${randomBytes(8).toString('hex')}`, 'openai-processing-ms': '42', ...(options.headers?.(call) ?? {}) };
      if (call.method === 'GET' && call.path === `${basePath}/models`) {
        await sendJson(call, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1715367049, owned_by: 'system' })) }, extraHeaders);
        return;
      }
      const route = call.path.startsWith(basePath) ? options.routes?.[`${call.method} ${call.path.slice(basePath.length)}`] : undefined;
      if (route) {
        const reply = route(call);
        await sendJson(call, reply.status, reply.body, extraHeaders);
        return;
      }
      if (call.method !== 'POST' || call.path !== `${basePath}/chat/completions`) {
        await sendJson(call, 404, err(`Invalid URL (${call.method} ${call.path})`, 'invalid_request_error', null), extraHeaders);
        return;
      }
      const problem = openAIRequestProblem(call.body, rules);
      if (problem) {
        const reply = refusal(problem, (call.body ?? {}) as Json);
        await sendJson(call, reply.status, reply.body, extraHeaders);
        return;
      }
      seen(seenOpenAIRequest(call));
      const body = (call.body ?? {}) as Json;
      const scenario: Scenario = next();
      if (scenario.kind === 'error') {
        const reply = errorReply(scenario.error, scenario.message, scenario.retryAfterSeconds);
        await sendJson(call, reply.status, reply.body, { ...extraHeaders, ...(reply.headers ?? {}) });
        return;
      }
      const plan = replyPlan(scenario, body);
      const style: FrameStyle = { ...frameStyle, decorate: (payload, kind) => decorate(payload, kind, body, plan.usage) };
      const fault = scenario.kind === 'stream-error' ? undefined : scenario.fault;
      if (body.stream !== true) {
        await sendJson(call, 200, completionJson(plan, style), extraHeaders, fault);
        return;
      }
      if (scenario.kind === 'stream-error') {
        const reply = errorReply(scenario.error, scenario.message);
        const chunk = (delta: Json, finishReason: string | null): Json =>
          ({ id: plan.id, object: 'chat.completion.chunk', created: plan.created, model: plan.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
        const errorFrames = options.streamErrorFrames ? options.streamErrorFrames(reply, chunk, plan.usage) : [`data: ${JSON.stringify(reply.body)}\n\n`];
        await sendSse(call, [...chunkFrames(plan, style, false), ...errorFrames], extraHeaders);
        return;
      }
      await sendSse(call, [...chunkFrames(plan, style), 'data: [DONE]\n\n'], extraHeaders, fault);
    },
  });
}
