import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { LLMError } from '@llm/errors';
import { emitsEstablished, emitsLatest, type ChatRequest, type ChatResponse, type GenAiSemconv, type Usage } from '@llm/schema';
import { inputContentAttributes, outputContentAttribute, systemInstructionsPlacement, type SystemInstructionsPlacement } from './gen-ai-content.js';
import { otelApi } from './otel-api.js';
import { FIRST_CHUNK_EVENT, GEN_AI_SPAN_ATTRIBUTES as A, genAiProviderName, LLM_SPAN_ATTRIBUTES as L, OPENAI_SPAN_ATTRIBUTES as O } from './gen-ai-span-attributes.js';

/** What identifies a model's calls on their spans. Treat it as immutable: make one per model and mode. */
export interface ChatSpanInfo {
  operation: 'chat' | 'text_completion';
  /** The framework's provider name; mapped to `gen_ai.provider.name`. */
  provider: string;
  requestModel: string;
  stream: boolean;
  serverAddress?: string;
  serverPort?: number;
  /**
   * Where the provider's API takes system messages (see `SystemInstructionsPlacement`); by default
   * known from `gen_ai.provider.name` (Anthropic and Gemini: `separate`; OpenAI and the APIs
   * compatible with it: `in-history`).
   */
  systemInstructions?: SystemInstructionsPlacement;
}

export interface ChatSpanOptions {
  /** Record prompt and completion content (opt-in: it may hold personal data). */
  recordContent?: boolean;
  /** Strings masked wherever they would appear in recorded content (API keys). */
  secrets?: readonly string[];
  /** The parent context; the active one by default. */
  parent?: Context;
  /** Which names to record where the conventions renamed one: `established` (default), `latest` or `both`. */
  semconv?: GenAiSemconv;
}

/** Adds the request settings that are set; returns the attributes, or `base` itself when none are. */
function withRequestAttributes(request: ChatRequest<unknown>, base: Attributes): Attributes {
  if (
    request.maxTokens === undefined &&
    request.temperature === undefined &&
    request.topP === undefined &&
    request.stop === undefined &&
    request.seed === undefined &&
    request.frequencyPenalty === undefined &&
    request.presencePenalty === undefined &&
    request.output === undefined &&
    request.responseFormat === undefined
  ) {
    return base;
  }
  const attrs: Attributes = { ...base };
  if (request.maxTokens !== undefined) attrs[A.requestMaxTokens] = request.maxTokens;
  if (request.temperature !== undefined) attrs[A.requestTemperature] = request.temperature;
  if (request.topP !== undefined) attrs[A.requestTopP] = request.topP;
  if (request.stop !== undefined) attrs[A.requestStopSequences] = Array.isArray(request.stop) ? request.stop : [request.stop];
  if (request.seed !== undefined) attrs[A.requestSeed] = request.seed;
  if (request.frequencyPenalty !== undefined) attrs[A.requestFrequencyPenalty] = request.frequencyPenalty;
  if (request.presencePenalty !== undefined) attrs[A.requestPresencePenalty] = request.presencePenalty;
  if (request.output !== undefined || (request.responseFormat !== undefined && request.responseFormat.type !== 'text')) attrs[A.outputType] = 'json';
  return attrs;
}

/** A span's name, the attributes every call of one ChatSpanInfo shares, and how its content is recorded. */
interface SpanTemplate {
  name: string;
  attributes: Attributes;
  systemInstructions: SystemInstructionsPlacement;
  /** `gen_ai.provider.name` is `openai`: the OpenAI attributes apply. */
  openai: boolean;
}

/** Derived once per ChatSpanInfo object (the middleware keeps one per model and mode); the SDK copies what it is given. */
const templates = new WeakMap<ChatSpanInfo, SpanTemplate>();

function templateOf(info: ChatSpanInfo): SpanTemplate {
  let template = templates.get(info);
  if (!template) {
    const genAiProvider = genAiProviderName(info.provider);
    const openai = genAiProvider === 'openai';
    const attributes: Attributes = {
      [A.operationName]: info.operation,
      [A.providerName]: genAiProvider,
      [A.requestModel]: info.requestModel,
      [L.provider]: info.provider,
    };
    // Set if and only if the request streams (unset means not streaming).
    if (info.stream) attributes[A.requestStream] = true;
    // Our OpenAI transport speaks the Chat Completions API.
    if (openai) attributes[O.apiType] = 'chat_completions';
    if (info.serverAddress !== undefined) {
      attributes[A.serverAddress] = info.serverAddress;
      if (info.serverPort !== undefined) attributes[A.serverPort] = info.serverPort;
    }
    template = {
      name: `${info.operation} ${info.requestModel}`,
      attributes: Object.freeze(attributes),
      systemInstructions: info.systemInstructions ?? systemInstructionsPlacement(genAiProvider),
      openai,
    };
    templates.set(info, template);
  }
  return template;
}

/**
 * Starts the CLIENT span of one vendor call, named `{gen_ai.operation.name} {gen_ai.request.model}`,
 * with the GenAI request attributes (given at start, so samplers see them). Prompt content only
 * with `recordContent`. `info` is treated as immutable: what it derives is kept per object.
 */
export function startChatSpan(tracer: Tracer, info: ChatSpanInfo, request: ChatRequest<unknown>, options: ChatSpanOptions = {}): Span {
  const template = templateOf(info);
  let attributes = withRequestAttributes(request, template.attributes);
  if (template.openai) {
    const tier = request.providerOptions?.openai?.service_tier;
    // Conditionally required: when the request asks for a tier other than `auto`.
    if (typeof tier === 'string' && tier !== 'auto') attributes = { ...attributes, [O.requestServiceTier]: tier };
  }
  if (options.recordContent) attributes = { ...attributes, ...inputContentAttributes(request, options.secrets, template.systemInstructions) };
  return tracer.startSpan(template.name, { kind: otelApi().SpanKind.CLIENT, attributes }, options.parent ?? otelApi().context.active());
}

/** Records the response (id, model, finish reasons, usage, cost) and ends the span with status OK left unset. */
export function endChatSpan(span: Span, response: ChatResponse<unknown>, options: Pick<ChatSpanOptions, 'recordContent' | 'secrets' | 'semconv'> = {}): void {
  if (span.isRecording()) {
    const attrs: Attributes = {
      [A.responseId]: response.id,
      [A.responseModel]: response.model,
      [A.responseFinishReasons]: [response.finishReason],
    };
    addUsageAttributes(attrs, response.usage, options.semconv);
    if (response.cached) attrs[L.cached] = true;
    if (genAiProviderName(response.provider) === 'openai') {
      if (response.serviceTier !== undefined) attrs[O.responseServiceTier] = response.serviceTier;
      if (response.systemFingerprint !== undefined) attrs[O.responseSystemFingerprint] = response.systemFingerprint;
    }
    if (response.requestId !== undefined) attrs[L.requestId] = response.requestId;
    if (options.recordContent) attrs[A.outputMessages] = outputContentAttribute(response, options.secrets);
    span.setAttributes(attrs);
  }
  span.end();
}

/** The usage attributes (tokens by kind, cost) of a reply, or of what a failed stream reported. */
function addUsageAttributes(attrs: Attributes, u: Usage, semconv: GenAiSemconv | undefined): void {
  attrs[A.usageInputTokens] = u.inputTokens;
  attrs[A.usageOutputTokens] = u.outputTokens;
  if (u.cachedInputTokens !== undefined) attrs[A.usageCacheReadInputTokens] = u.cachedInputTokens;
  if (u.cacheWriteTokens !== undefined) {
    const mode = semconv ?? 'established';
    if (emitsEstablished(mode)) attrs[A.usageCacheCreationInputTokens] = u.cacheWriteTokens;
    if (emitsLatest(mode)) attrs[A.usageCacheWriteInputTokens] = u.cacheWriteTokens;
  }
  if (u.reasoningTokens !== undefined) attrs[A.usageReasoningOutputTokens] = u.reasoningTokens;
  if (u.cost !== undefined) attrs[L.costUsd] = u.cost.totalUsd;
}

/**
 * Ends the span as failed: status ERROR with the (already redacted) message, `error.type` = the
 * LLMError code, and `gen_ai.response.finish_reasons` `["error"]` (a finish reason was expected
 * and none came). `usage`, when a stream reported some before it failed, is recorded as well (it was billed).
 */
export function failChatSpan(span: Span, error: LLMError, usage?: Usage, options: Pick<ChatSpanOptions, 'semconv'> = {}): void {
  if (span.isRecording()) {
    const attrs: Attributes = { [A.errorType]: error.code, [A.responseFinishReasons]: ['error'], [L.retryable]: error.retryable };
    if (usage) addUsageAttributes(attrs, usage, options.semconv);
    if (error.status !== undefined) attrs[L.httpStatus] = error.status;
    if (error.requestId !== undefined) attrs[L.requestId] = error.requestId;
    span.setAttributes(attrs);
    span.setStatus({ code: otelApi().SpanStatusCode.ERROR, message: error.message });
  }
  span.end();
}

/** Marks a stream's first chunk: an `llm.first_chunk` event and `gen_ai.response.time_to_first_chunk` (seconds). */
export function markFirstChunk(span: Span, msSinceStart: number): void {
  if (!span.isRecording()) return;
  const seconds = msSinceStart / 1000;
  span.setAttribute(A.responseTimeToFirstChunk, seconds);
  span.addEvent(FIRST_CHUNK_EVENT, { [A.responseTimeToFirstChunk]: seconds });
}

/** The context in which `span` is the active span (for running the vendor call inside it). */
export function contextWithSpan(span: Span, parent: Context = otelApi().context.active()): Context {
  return otelApi().trace.setSpan(parent, span);
}

/** Runs `fn` with `ctx` active. */
export function runInContext<T>(ctx: Context, fn: () => T): T {
  return otelApi().context.with(ctx, fn);
}

/** The active context, captured where a call starts. */
export function activeContext(): Context {
  return otelApi().context.active();
}
