import { randomBytes } from 'node:crypto';
import type { FakeServer, JsonObject as Json } from './fake-server.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import type { OpenAIRequestRules } from './fake-openai-rules.js';
import type { ScenarioUsage, ScriptedErrorKind } from './scenario.js';


export interface FakeGroqServerOptions {
  apiKey?: string;
  /**
   * Where stream usage travels. `both` (what Groq sends when `stream_options.include_usage` is set):
   * `x_groq.usage` and `usage` on the finish chunk. `x_groq`: only inside `x_groq.usage`.
   */
  streamUsage?: 'both' | 'x_groq';
  /** The `x-ratelimit-*` headers sent with every reply (Groq's real names and duration format). */
  rateLimitHeaders?: Record<string, string>;
}

/** Errors Groq produces. It has no content filter and no prepaid quota error of its own. */
export const GROQ_ERROR_KINDS: readonly ScriptedErrorKind[] = [
  'authentication',
  'permission_denied',
  'not_found',
  'invalid_request',
  'context_length_exceeded',
  'rate_limited',
  'provider_error',
  'overloaded',
];

export const GROQ_RATE_LIMIT_HEADERS: Readonly<Record<string, string>> = {
  'x-ratelimit-limit-requests': '14400',
  'x-ratelimit-limit-tokens': '6000',
  'x-ratelimit-remaining-requests': '14399',
  'x-ratelimit-remaining-tokens': '5982',
  'x-ratelimit-reset-requests': '6s',
  'x-ratelimit-reset-tokens': '180ms',
};

/** The request fields of Groq's Chat Completions API reference; any other is refused. */
const GROQ_PARAMS: ReadonlySet<string> = new Set([
  'citation_options', 'compound_custom', 'disable_tool_validation', 'documents', 'exclude_domains', 'frequency_penalty', 'function_call',
  'functions', 'include_domains', 'include_reasoning', 'logit_bias', 'logprobs', 'max_completion_tokens', 'max_tokens', 'messages',
  'metadata', 'model', 'n', 'parallel_tool_calls', 'presence_penalty', 'reasoning_effort', 'reasoning_format', 'response_format',
  'search_settings', 'seed', 'service_tier', 'stop', 'store', 'stream', 'stream_options', 'temperature', 'tool_choice', 'tools',
  'top_logprobs', 'top_p', 'user',
]);

/** Groq checks bodies as OpenAI does, knows its own fields, and serves one choice. */
export const GROQ_RULES: OpenAIRequestRules = {
  knownParams: GROQ_PARAMS,
  unknownParam: (name) => ({ message: `property '${name}' is unsupported`, param: null, code: null }),
  maxChoices: 1,
};

function err(message: string, type: string, code?: string, extra: Json = {}): Json {
  return { error: { message, type, ...(code ? { code } : {}), ...extra } };
}

/** Groq's error replies: OpenAI's shape, its own messages, codes and statuses. */
export function groqErrorReply(kind: ScriptedErrorKind, message?: string, retryAfterSeconds?: number): { status: number; body: Json; headers?: Record<string, string> } {
  switch (kind) {
    case 'authentication':
      return { status: 401, body: err(message ?? 'Invalid API Key', 'invalid_request_error', 'invalid_api_key') };
    case 'permission_denied':
      return { status: 403, body: err(message ?? 'Forbidden: your organization does not have access to this resource.', 'permission_error', 'permission_denied') };
    case 'not_found':
      return { status: 404, body: err(message ?? 'The model `llama-9000` does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found') };
    case 'invalid_request':
      return { status: 400, body: err(message ?? "'messages.0' : for 'role:user' the following must be satisfied[('messages.0.content' : value must be a string)]", 'invalid_request_error') };
    case 'context_length_exceeded':
      return { status: 400, body: err(message ?? 'Please reduce the length of the messages or completion.', 'invalid_request_error', 'context_length_exceeded', { param: 'messages' }) };
    case 'rate_limited': {
      const wait = retryAfterSeconds ?? 1;
      return {
        status: 429,
        body: err(
          message ??
            `Rate limit reached for model \`llama-3.3-70b-versatile\` in organization \`org_fake\` service tier \`on_demand\` on tokens per minute (TPM): Limit 6000, Used 5990, Requested 120. Please try again in ${wait}s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing`,
          'tokens',
          'rate_limit_exceeded',
        ),
        headers: { 'retry-after': String(wait), 'x-ratelimit-remaining-tokens': '0', 'x-ratelimit-reset-tokens': `${wait}s` },
      };
    }
    case 'provider_error':
      return { status: 500, body: err(message ?? 'Internal Server Error', 'internal_server_error') };
    case 'overloaded':
      return { status: 503, body: err(message ?? 'Service Unavailable', 'internal_server_error', 'service_unavailable') };
    // Kinds Groq does not produce: answered as the nearest thing it does send.
    case 'content_filtered':
    case 'quota_exceeded':
      return { status: 400, body: err(message ?? `groq does not produce ${kind} errors`, 'invalid_request_error') };
  }
}

/** Groq's usage object: token counts plus its timings in seconds. */
export function groqUsage(u: ScenarioUsage): Json {
  const out: Json = {
    queue_time: 0.041520249,
    prompt_tokens: u.inputTokens,
    prompt_time: 0.010407901,
    completion_tokens: u.outputTokens,
    completion_time: 0.046601227,
    total_tokens: u.inputTokens + u.outputTokens,
    total_time: 0.057009128,
  };
  if (u.cachedInputTokens) out.prompt_tokens_details = { cached_tokens: u.cachedInputTokens };
  if (u.reasoningTokens) out.completion_tokens_details = { reasoning_tokens: u.reasoningTokens };
  return out;
}

/**
 * A fake Groq server (`/openai/v1`): Chat Completions with `x_groq` on the first and the finish chunk,
 * usage with timings, `x-ratelimit-*` headers on every reply, errors in Groq's shape, and errors
 * inside a stream sent as `event: error` (how Groq reports a failed tool call after streaming began).
 */
export function startFakeGroqServer(options: FakeGroqServerOptions = {}): Promise<FakeServer> {
  const streamUsage = options.streamUsage ?? 'both';
  const rateLimit = options.rateLimitHeaders ?? GROQ_RATE_LIMIT_HEADERS;
  const requestIds = new WeakMap<Json, string>();
  const requestId = (body: Json) => {
    let id = requestIds.get(body);
    if (!id) {
      id = `req_${randomBytes(13).toString('hex').slice(0, 26)}`;
      requestIds.set(body, id);
    }
    return id;
  };
  return startFakeOpenAIServer({
    vendor: 'groq',
    apiKey: options.apiKey ?? 'gsk_fakegroqkey0123456789abcdef',
    basePath: '/openai/v1',
    models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'qwen/qwen3-32b'],
    errorKinds: GROQ_ERROR_KINDS,
    errorReply: groqErrorReply,
    rules: GROQ_RULES,
    refusal: (p) => ({ status: 400, body: err(p.message, 'invalid_request_error', p.code ?? undefined, p.param ? { param: p.param } : {}) }),
    responseModel: (requested) => requested,
    usage: (u) => groqUsage(u),
    usageChunk: 'none',
    // Groq sends each tool call whole, in one delta, and reasoning as `delta.reasoning` / `message.reasoning`.
    toolCallDeltas: 'whole',
    reasoningField: 'reasoning',
    envelope: { system_fingerprint: 'fp_f8b414701e' },
    headers: () => ({ ...rateLimit }),
    decorate(payload, kind, body, usage) {
      if (kind === 'completion') {
        return { ...payload, usage_breakdown: null, x_groq: { id: requestId(body), seed: 1790130236 }, service_tier: 'on_demand' };
      }
      if (kind !== 'chunk') return payload;
      const choices = payload.choices as Array<{ delta: Json; finish_reason: string | null }>;
      const choice = choices[0];
      if (choice?.finish_reason) {
        const out: Json = { ...payload, x_groq: { id: requestId(body), usage } };
        if (streamUsage === 'both' && 'usage' in payload) out.usage = usage;
        else delete out.usage;
        return out;
      }
      if (choice && choice.delta.role === 'assistant') return { ...payload, x_groq: { id: requestId(body), seed: 689520654 } };
      const out = { ...payload };
      delete out.usage;
      return out;
    },
    streamErrorFrames: (reply) => {
      const error = { ...(reply.body.error as Json), status_code: reply.status };
      return [`event: error\ndata: ${JSON.stringify({ error })}\n\n`];
    },
  });
}
