import { LLMError } from '@llm/errors';
import {
  createChatModel,
  runHealthCheck,
  type ChatModel,
  type ChatTransport,
  type HealthReport,
  type RawToolCall,
  type TransportRequest,
  type TransportResponse,
  type TransportStreamPart,
} from '@llm/core';
import type { Usage } from '@llm/schema';
import { sleep, type ReceivedCall, type ScriptTarget } from './fake-server.js';
import { DEFAULT_USAGE, EXPECTED_ERROR_CODE, splitText, type Scenario, type ScenarioUsage, type SeenRequest } from './scenario.js';

export interface MockModelOptions {
  provider?: string;
  modelId?: string;
  /** Replies in order; when they run out, `defaultScenario` answers. */
  script?: Scenario[];
  defaultScenario?: Scenario;
  /** The key the mock accepts (default {@link MOCK_API_KEY}); any other gets the vendor's 401, as `authentication`. */
  apiKey?: string;
}

/** The key a mock model accepts unless told otherwise. */
export const MOCK_API_KEY = 'test-key-mock-0123456789';

/** A scriptable ChatModel: the real core pipeline over an in-memory transport. */
export interface MockModel extends ScriptTarget {
  readonly model: ChatModel;
  /** The normalised requests the transport received. */
  readonly transportRequests: readonly TransportRequest[];
  /** The same scripted mock reached with `apiKey` (a wrong one: every call fails with `authentication`). */
  modelWithKey(apiKey: string): ChatModel;
  /** A cheap authenticated probe, like a vendor's model listing: recorded in `received`, never a chat request. */
  checkHealth(options?: { apiKey?: string }): Promise<HealthReport>;
}

function toUsage(u: ScenarioUsage): Usage {
  const usage: Usage = { inputTokens: u.inputTokens, outputTokens: u.outputTokens, totalTokens: u.inputTokens + u.outputTokens };
  if (u.cachedInputTokens !== undefined) usage.cachedInputTokens = u.cachedInputTokens;
  if (u.cacheWriteTokens !== undefined) usage.cacheWriteTokens = u.cacheWriteTokens;
  if (u.reasoningTokens !== undefined) usage.reasoningTokens = u.reasoningTokens;
  return usage;
}

function seen(request: TransportRequest, stream: boolean, model: string): SeenRequest {
  const stop = request.stop === undefined ? undefined : Array.isArray(request.stop) ? request.stop : [request.stop];
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  return {
    path: stream ? 'mock:stream' : 'mock:chat',
    model,
    stream,
    apiKey: undefined,
    roles: request.messages.map((m) => m.role),
    system: system.length ? system.join('\n') : undefined,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    stop,
    toolNames: request.tools?.map((t) => t.name) ?? [],
    toolResults: request.messages
      .filter((m) => m.role === 'tool')
      .map((m) => ({ toolCallId: m.role === 'tool' ? m.toolCallId : undefined, content: m.role === 'tool' ? (typeof m.content === 'string' ? m.content : JSON.stringify(m.content)) : '' })),
    responseSchema: request.responseFormat?.type === 'json_schema' ? request.responseFormat.schema : undefined,
    headers: {},
    body: request,
  };
}

function scriptedError(kind: keyof typeof EXPECTED_ERROR_CODE, provider: string, model: string, message?: string, retryAfterSeconds?: number): LLMError {
  const code = EXPECTED_ERROR_CODE[kind];
  return new LLMError({
    code,
    message: message ?? `mock ${code}`,
    provider,
    model,
    retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
  });
}

/** Resolves when the call is aborted (a stalled stream waits for that). */
function untilAborted(signal: AbortSignal): Promise<void> {
  return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function abortable(signal: AbortSignal): void {
  if (signal.aborted) throw new LLMError({ code: 'canceled', message: 'the call was canceled' });
}

/** A mock model whose replies are scripted with the same scenarios the fake vendor servers take. */
export function createMockModel(options: MockModelOptions = {}): MockModel {
  const provider = options.provider ?? 'mock';
  const modelId = options.modelId ?? 'mock-model';
  const queue: Scenario[] = [...(options.script ?? [])];
  const fallback: Scenario = options.defaultScenario ?? { kind: 'text', text: 'Hello from the mock model.' };
  const acceptedKey = options.apiKey ?? MOCK_API_KEY;
  const requests: SeenRequest[] = [];
  const received: ReceivedCall[] = [];
  const transportRequests: TransportRequest[] = [];
  let counter = 0;
  const next = () => queue.shift() ?? fallback;

  /** The scripted calls; with `finishReason: 'length'` the last one's JSON cut in half, as a vendor at its limit. */
  const rawCalls = (s: Extract<Scenario, { kind: 'tool-calls' }>): RawToolCall[] =>
    s.calls.map((c, i) => {
      const json = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments);
      const cut = s.finishReason === 'length' && i === s.calls.length - 1;
      return { id: c.id ?? `call_mock_${i}`, name: c.name, arguments: cut ? json.slice(0, Math.ceil(json.length / 2)) : json };
    });

  /** Records the call and refuses a wrong key, as a vendor's 401 (no scenario is used up). */
  const authorize = (path: string, apiKey: string, method = 'POST'): void => {
    const authorized = apiKey === acceptedKey;
    received.push({ method, path, authorized });
    if (!authorized) throw new LLMError({ code: 'authentication', status: 401, message: 'mock: invalid API key', provider, model: modelId });
  };

  const transportWithKey = (apiKey: string): ChatTransport => ({
    provider,
    modelId,
    async doChat(request, { signal = new AbortController().signal }): Promise<TransportResponse> {
      authorize('mock:chat', apiKey);
      requests.push(seen(request, false, modelId));
      transportRequests.push(request);
      const s = next();
      if (s.kind === 'error') throw scriptedError(s.error, provider, modelId, s.message, s.retryAfterSeconds);
      if (s.kind === 'stream-error') throw scriptedError(s.error, provider, modelId, s.message);
      if (s.fault?.kind === 'slow-first-byte') await sleep(s.fault.delayMs, signal);
      abortable(signal);
      if (s.fault?.kind === 'cut') throw new LLMError({ code: 'network', message: 'mock connection cut', provider, model: modelId });
      if (s.fault?.kind === 'malformed-json') throw new LLMError({ code: 'malformed_response', message: 'mock malformed reply', provider, model: modelId });
      const base = { id: `mock-${++counter}`, model: modelId, created: Math.floor(Date.now() / 1000), usage: toUsage(s.usage ?? DEFAULT_USAGE) };
      if (s.kind === 'text') {
        const r: TransportResponse = { ...base, text: s.text, toolCalls: [], finishReason: s.finishReason ?? 'stop' };
        if (s.reasoning) r.reasoning = s.reasoning;
        return r;
      }
      const r: TransportResponse = { ...base, text: s.text ?? '', toolCalls: rawCalls(s), finishReason: s.finishReason ?? 'tool_calls' };
      if (s.reasoning) r.reasoning = s.reasoning;
      return r;
    },
    async *doStream(request, { signal = new AbortController().signal }): AsyncGenerator<TransportStreamPart> {
      authorize('mock:stream', apiKey);
      requests.push(seen(request, true, modelId));
      transportRequests.push(request);
      const s = next();
      if (s.kind === 'error') throw scriptedError(s.error, provider, modelId, s.message, s.retryAfterSeconds);
      const fault = s.kind === 'stream-error' ? undefined : s.fault;
      if (fault?.kind === 'slow-first-byte') await sleep(fault.delayMs, signal);
      abortable(signal);
      yield { type: 'metadata', id: `mock-${++counter}`, model: modelId, created: Math.floor(Date.now() / 1000) };
      const text = s.kind === 'text' ? s.text : s.kind === 'tool-calls' ? (s.text ?? '') : s.afterText;
      const parts: TransportStreamPart[] = [];
      if (s.kind !== 'stream-error' && s.reasoning) for (const piece of splitText(s.reasoning)) parts.push({ type: 'reasoning-delta', text: piece });
      for (const piece of splitText(text, s.kind === 'text' ? s.chunks : undefined)) parts.push({ type: 'text-delta', text: piece });
      if (s.kind === 'tool-calls') {
        rawCalls(s).forEach((c, index) => {
          const args = c.arguments as string;
          const pieces = splitText(args, Math.max(1, Math.ceil(args.length / 8)));
          parts.push({ type: 'tool-call-delta', index, id: c.id, name: c.name, argumentsDelta: pieces[0] ?? '' });
          for (const piece of pieces.slice(1)) parts.push({ type: 'tool-call-delta', index, argumentsDelta: piece });
        });
      }
      for (let i = 0; i < parts.length; i++) {
        if (fault?.kind === 'cut' && i === fault.afterChunks) throw new LLMError({ code: 'network', message: 'mock stream cut', provider, model: modelId });
        if (fault?.kind === 'slow-chunks' && i > 0 && (fault.tail === undefined || i >= parts.length - fault.tail)) await sleep(fault.delayMs, signal);
        if (fault?.kind === 'stall' && i === fault.afterChunks) await untilAborted(signal);
        abortable(signal);
        yield parts[i]!;
      }
      if (fault?.kind === 'malformed-json') throw new LLMError({ code: 'malformed_response', message: 'mock malformed chunk', provider, model: modelId });
      if (s.kind === 'stream-error') throw scriptedError(s.error, provider, modelId, s.message);
      yield { type: 'usage', usage: toUsage(s.usage ?? DEFAULT_USAGE) };
      yield { type: 'finish', finishReason: s.finishReason ?? (s.kind === 'tool-calls' ? 'tool_calls' : 'stop') };
    },
  });

  return {
    vendor: provider,
    errorKinds: Object.keys(EXPECTED_ERROR_CODE) as Array<keyof typeof EXPECTED_ERROR_CODE>,
    model: createChatModel(transportWithKey(acceptedKey)),
    modelWithKey: (apiKey) => createChatModel(transportWithKey(apiKey)),
    requests,
    received,
    transportRequests,
    enqueue: (...scenarios) => void queue.push(...scenarios),
    lastRequest: () => {
      const last = requests[requests.length - 1];
      if (!last) throw new Error('the mock model has received no request');
      return last;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      received.length = 0;
      transportRequests.length = 0;
    },
    checkHealth: (health) => runHealthCheck(provider, async () => authorize('mock:models', health?.apiKey ?? acceptedKey, 'GET')),
  };
}
