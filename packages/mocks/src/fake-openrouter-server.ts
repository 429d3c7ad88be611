import type { FakeServer, JsonObject as Json } from './fake-server.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import type { ScenarioUsage, ScriptedErrorKind } from './scenario.js';


export interface FakeOpenRouterServerOptions {
  apiKey?: string;
  /** Models whose every provider is "down": a request naming one answers with the next of its `models` list. */
  unavailableModels?: readonly string[];
  /** The upstream provider named in replies (`provider` field). */
  upstreamProvider?: string;
  /** USD per input and output token used to compute the `cost` OpenRouter reports. */
  pricePerToken?: { input: number; output: number };
  /** Send `: OPENROUTER PROCESSING` comment lines between chunks (default true). */
  comments?: boolean;
}

/** What an OpenRouter reply costs with the given prices, rounded as OpenRouter reports credits. */
export function openRouterCost(u: ScenarioUsage, price: { input: number; output: number }): number {
  return Number((u.inputTokens * price.input + u.outputTokens * price.output).toFixed(10));
}

function err(status: number, message: string, metadata?: Json): Json {
  return { error: { code: status, message, ...(metadata ? { metadata } : {}) }, user_id: 'user_fake0000000000000000000' };
}

/** OpenRouter's error replies: `{"error":{"code":<status>,"message":...,"metadata":{...}}}`. */
export function openRouterErrorReply(kind: ScriptedErrorKind, message?: string, retryAfterSeconds?: number): { status: number; body: Json; headers?: Record<string, string> } {
  switch (kind) {
    case 'authentication':
      return { status: 401, body: { error: { message: message ?? 'No cookie auth credentials found', code: 401 } } };
    case 'permission_denied':
      return { status: 403, body: err(403, message ?? 'This API key is disabled. Enable it in your settings to use it.') };
    case 'not_found':
      return { status: 404, body: err(404, message ?? 'No endpoints found for meta-llama/llama-9000.') };
    case 'invalid_request':
      return { status: 400, body: err(400, message ?? 'meta-llama/llama-9000 is not a valid model ID') };
    case 'context_length_exceeded':
      return {
        status: 400,
        body: err(400, message ?? "This endpoint's maximum context length is 131072 tokens. However, you requested about 140512 tokens (140000 of text input, 512 in the output). Please reduce the length of either one."),
      };
    case 'content_filtered':
      return {
        status: 403,
        body: err(403, message ?? 'openai/gpt-4o requires moderation on OpenAI. Your input was flagged for "harassment".', {
          reasons: ['harassment'],
          flagged_input: 'an offending...prompt',
          provider_name: 'OpenAI',
          model_slug: 'openai/gpt-4o',
        }),
      };
    case 'rate_limited': {
      const wait = retryAfterSeconds ?? 1;
      return {
        status: 429,
        body: err(429, message ?? 'Provider returned error', {
          provider_name: 'Google',
          raw: 'google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly, or add your own key to accumulate your rate limits: https://openrouter.ai/settings/integrations',
        }),
        headers: { 'retry-after': String(wait) },
      };
    }
    case 'quota_exceeded':
      return {
        status: 402,
        body: err(402, message ?? 'This request requires more credits, or fewer max_tokens. You requested up to 4096 tokens, but can only afford 1207. To increase, visit https://openrouter.ai/settings/credits and add more credits'),
      };
    case 'provider_error':
      return { status: 502, body: err(502, message ?? 'Provider returned error', { provider_name: 'Together', raw: 'upstream connect error or disconnect/reset before headers' }) };
    case 'overloaded':
      return { status: 503, body: err(503, message ?? 'Provider returned error', { provider_name: 'Anthropic', raw: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}' }) };
  }
}

/**
 * A choice as OpenRouter sends it: `native_finish_reason` beside the finish reason, and in a stream
 * every delta repeating the role, an empty content and the reasoning fields, with `reasoning_details`
 * beside any reasoning text.
 */
function openRouterChoice(choice: Json, kind: 'completion' | 'chunk' | 'usage-chunk'): Json {
  const out: Json = { ...choice, native_finish_reason: choice.finish_reason };
  const delta = choice.delta as Json | undefined;
  if (kind === 'completion' || !delta) return out;
  const reasoning = typeof delta.reasoning === 'string' ? delta.reasoning : null;
  const details = reasoning === null ? [] : [{ type: 'reasoning.text', text: reasoning, format: 'unknown', index: 0 }];
  out.delta = kind === 'usage-chunk' ? delta : { role: 'assistant', content: '', reasoning: null, reasoning_details: details, ...delta };
  return out;
}

/**
 * A fake OpenRouter server (`/api/v1`): Chat Completions with the upstream `provider` in every reply,
 * `cost` in `usage`, `: OPENROUTER PROCESSING` comment lines, the `models` fallback list (the reply's
 * `model` names the model that answered), OpenRouter's error bodies, errors inside a stream as a chunk
 * with an `error` object and `finish_reason: "error"`, and `GET /key` for an authenticated health check.
 */
export function startFakeOpenRouterServer(options: FakeOpenRouterServerOptions = {}): Promise<FakeServer> {
  const unavailable = new Set(options.unavailableModels ?? []);
  const upstream = options.upstreamProvider ?? 'Groq';
  const price = options.pricePerToken ?? { input: 0.000_000_59, output: 0.000_000_79 };
  return startFakeOpenAIServer({
    vendor: 'openrouter',
    apiKey: options.apiKey ?? 'sk-or-v1-fakeopenrouterkey0123456789',
    basePath: '/api/v1',
    models: ['meta-llama/llama-3.3-70b-instruct', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'deepseek/deepseek-chat'],
    errorReply: openRouterErrorReply,
    // OpenRouter ignores fields it does not know; what the upstream refuses comes back wrapped.
    rules: {},
    refusal: (p) => ({
      status: 400,
      body: err(400, 'Provider returned error', {
        raw: JSON.stringify({ error: { message: p.message, type: 'invalid_request_error', param: p.param, code: p.code } }),
        provider_name: upstream,
      }),
    }),
    ...(options.comments === false ? {} : { commentFrame: ': OPENROUTER PROCESSING\n\n', leadingComments: 2 }),
    envelope: {},
    usageChunk: 'repeat-choice',
    reasoningField: 'reasoning',
    responseModel(requested, body) {
      const candidates = [requested, ...(Array.isArray(body.models) ? (body.models as unknown[]).map(String) : [])];
      return candidates.find((m) => !unavailable.has(m)) ?? requested;
    },
    usage(u) {
      return {
        prompt_tokens: u.inputTokens,
        completion_tokens: u.outputTokens,
        total_tokens: u.inputTokens + u.outputTokens,
        cost: openRouterCost(u, price),
        is_byok: false,
        prompt_tokens_details: { cached_tokens: u.cachedInputTokens ?? 0, audio_tokens: 0 },
        cost_details: { upstream_inference_cost: null, upstream_inference_prompt_cost: 0, upstream_inference_completions_cost: 0 },
        completion_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0, image_tokens: 0 },
      };
    },
    decorate(payload, kind) {
      const out: Json = { ...payload, provider: upstream };
      if (Array.isArray(out.choices)) out.choices = (out.choices as Json[]).map((c) => openRouterChoice(c, kind));
      if (kind === 'chunk' && out.usage === null) delete out.usage;
      return out;
    },
    // As recorded: the upstream stopped (a `length` finish chunk), then the error arrives in a chunk of
    // its own, with the usage so far and no finish reason.
    streamErrorFrames(reply, chunk, usage) {
      const error = reply.body.error as Json;
      const stopped = chunk({ role: 'assistant', content: '' }, 'length');
      const failed: Json = { ...chunk({ role: 'assistant', content: '' }, null), error: { code: error.code, message: error.message, ...(error.metadata ? { metadata: error.metadata } : {}) }, usage };
      return [stopped, failed].map((c: Json) => `data: ${JSON.stringify({ ...c, provider: upstream, choices: (c.choices as Json[]).map((x) => openRouterChoice(x, 'chunk')) })}\n\n`);
    },
    routes: {
      'GET /key': () => ({
        status: 200,
        body: { data: { label: 'sk-or-v1-fak...789', limit: null, usage: 0.25, is_free_tier: false, limit_remaining: null, is_provisioning_key: false } },
      }),
    },
  });
}
