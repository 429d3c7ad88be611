import { CALL_NOTES, experimentHeader, type CallNotes, type ExperimentNote } from '../routing/call-notes.js';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiKeyAllowsModel, type ChatModel, type Logger } from '@llm/core';
import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, StreamEvent } from '@llm/schema';
import type { KeyAuthenticator, Principal } from '../auth/key-auth.js';
import { gatewayError } from '../http/gateway-error.js';
import { describeFailure, type HttpFailure } from '../http/http-failure.js';
import { readJsonBody } from '../http/read-body.js';
import { BatchedWriter } from '../http/batched-writer.js';
import { sendJson } from '../http/respond.js';
import { KEY_TAG, type KeyBudgets } from '../limits/key-budgets.js';
import type { KeyPermit, KeyRateLimiter } from '../limits/key-rate-limiter.js';
import type { RouteTable } from '../routing/route-table.js';
import type { ReplyContext, WireFormat } from '../wire/wire-format.js';

/** What a chat call goes through. */
export interface ChatServices {
  auth: KeyAuthenticator;
  routes: RouteTable;
  keyLimits: KeyRateLimiter;
  keyBudgets: KeyBudgets;
  maxBodyBytes: number;
  logger: Logger;
  /** Told how each call ended (metrics). */
  onCallEnd?: (endpoint: string, status: number) => void;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' };

/** What the access log says about one call. */
interface CallLog {
  status: number;
  model?: string;
  key?: string;
  stream?: boolean;
  usage?: ChatResponse<unknown>['usage'];
  answeredBy?: string;
  error?: string;
}

function withKeyTags(request: ChatRequest, principal: Principal): ChatRequest {
  const key = principal.key;
  if (!key) return request;
  return { ...request, tags: { ...key.metadata, ...request.tags, [KEY_TAG]: key.id } };
}

function answeredBy(response: ChatResponse<unknown>): string {
  const routing = response.providerMetadata?.routing as { answeredBy?: string } | undefined;
  return routing?.answeredBy ?? `${response.provider}:${response.model}`;
}

/**
 * Headers of a JSON reply: the upstream model that answered, and for a call in an A/B test its
 * experiment, arm and call id (the call id is what `/admin/experiments/{id}/outcomes` takes).
 */
function replyHeaders(response: ChatResponse<unknown>): Record<string, string> {
  const headers: Record<string, string> = { 'x-llm-model': answeredBy(response) };
  const experiment = response.providerMetadata?.experiment as ExperimentNote | undefined;
  if (experiment?.id !== undefined) headers['x-llm-experiment'] = experimentHeader(experiment);
  return headers;
}

/** Which failures mean the request never reached a vendor (its rate-limit reservation is refunded). */
function neverSent(error: LLMError): boolean {
  return error.code === 'cost_exceeded' || error.code === 'configuration' || error.code === 'circuit_open' || error.details?.origin === 'gateway';
}

/**
 * One chat call in any wire format: key, body, model allowed, route, the key's limits; then the
 * reply as JSON, or as a stream whose headers wait for its first content, so that everything
 * that fails before it (including every fallback) can still be answered with a proper error
 * status. A client that goes away aborts the upstream call at once.
 */
export async function handleChat(services: ChatServices, wire: WireFormat, endpoint: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  const log: CallLog = { status: 0 };
  let permit: KeyPermit | undefined;
  let tokens: number | undefined;
  let failure: LLMError | undefined;
  try {
    const principal = await services.auth.authenticate(req.headers);
    if (principal.key) log.key = principal.key.id;
    const parsed = wire.parseRequest(await readJsonBody(req, services.maxBodyBytes));
    log.model = parsed.model;
    log.stream = parsed.stream;
    if (principal.key && !apiKeyAllowsModel(principal.key, parsed.model)) {
      throw gatewayError('permission_denied', `key ${principal.key.id} may not use the model "${parsed.model}"`);
    }
    const route = services.routes.resolve(parsed.model);
    if (!route) throw gatewayError('not_found', `the model "${parsed.model}" does not exist here; GET /v1/models lists the models this gateway serves`);
    if (principal.key) services.keyBudgets.prepare(principal.key);
    const request = withKeyTags(parsed.request, principal);
    permit = await services.keyLimits.acquire(principal.key, request);
    const id = randomUUID().replaceAll('-', '');
    const context: ReplyContext = {
      id: wire.name === 'openai' ? `chatcmpl-${id}` : `msg_${id}`,
      created: Math.floor(Date.now() / 1000),
      model: parsed.model,
      includeUsage: parsed.includeUsage,
    };
    const response = parsed.stream
      ? await streamReply(route.model, request, wire, context, abort.signal, res, log)
      : await jsonReply(route.model, request, wire, context, abort.signal, res, log);
    if (response) {
      tokens = response.usage.totalTokens;
      log.usage = response.usage;
      log.answeredBy = answeredBy(response);
    }
  } catch (err) {
    failure = toLLMError(err);
    if (abort.signal.aborted) failure = new LLMError({ code: 'canceled', message: 'the client went away', cause: failure });
    const described = describeFailure(failure);
    // A stream that failed after its headers stays a 200 in the log, with its error.
    if (!res.headersSent) log.status = described.status;
    log.error = failure.code;
    if (!res.headersSent && !abort.signal.aborted) {
      const reply = wire.errorReply(described);
      sendJson(res, reply.status, reply.body, reply.headers);
    }
  } finally {
    res.off('close', onClose);
    permit?.release(failure === undefined ? (tokens !== undefined ? { actualTokens: tokens } : {}) : neverSent(failure) ? { sent: false } : {});
    services.onCallEnd?.(endpoint, log.status);
    writeLog(services.logger, req, endpoint, log, performance.now() - started);
  }
}

function writeLog(logger: Logger, req: IncomingMessage, endpoint: string, log: CallLog, ms: number): void {
  if (!logger.isLevelEnabled('info')) return;
  const fields: Record<string, unknown> = { method: req.method, path: endpoint, status: log.status, ms: Math.round(ms * 100) / 100 };
  if (log.model !== undefined) fields.model = log.model;
  if (log.answeredBy !== undefined) fields.answeredBy = log.answeredBy;
  if (log.key !== undefined) fields.key = log.key;
  if (log.stream !== undefined) fields.stream = log.stream;
  if (log.usage) {
    fields.inputTokens = log.usage.inputTokens;
    fields.outputTokens = log.usage.outputTokens;
    if (log.usage.cost) fields.costUsd = log.usage.cost.totalUsd;
  }
  if (log.error !== undefined) fields.error = log.error;
  logger.info('request', fields);
}

async function jsonReply(
  model: ChatModel,
  request: ChatRequest,
  wire: WireFormat,
  context: ReplyContext,
  signal: AbortSignal,
  res: ServerResponse,
  log: CallLog,
): Promise<ChatResponse<unknown>> {
  const response = await model.chat(request, { signal });
  log.status = 200;
  sendJson(res, 200, wire.responseBody(response, context), replyHeaders(response));
  return response;
}

/**
 * Streams the reply. Headers go out with the first event: a failure before it (after every retry
 * and fallback) is answered with the wire's error status and body, as if the call had not
 * streamed. A failure after it ends the stream with the wire's error event and no end marker.
 */
async function streamReply(
  model: ChatModel,
  request: ChatRequest,
  wire: WireFormat,
  context: ReplyContext,
  signal: AbortSignal,
  res: ServerResponse,
  log: CallLog,
): Promise<ChatResponse<unknown> | undefined> {
  const notes: CallNotes = {};
  const stream = model.streamChat(request, { signal, scope: { [CALL_NOTES]: notes } });
  const events = stream[Symbol.asyncIterator]();
  const encoder = wire.streamEncoder(context);
  let first: IteratorResult<StreamEvent<unknown>>;
  try {
    first = await events.next();
  } catch (err) {
    void events.return?.();
    throw err;
  }
  log.status = 200;
  // An experiment route assigned the call before it started: its call id goes with the headers, which waited for the first event anyway.
  res.writeHead(200, notes.experiment ? { ...SSE_HEADERS, 'x-llm-experiment': experimentHeader(notes.experiment) } : SSE_HEADERS);
  let response: ChatResponse<unknown> | undefined;
  const out = new BatchedWriter(res);
  try {
    for (let result = first; !result.done; result = await events.next()) {
      const event = result.value;
      if (event.type === 'finish') response = event.response;
      out.write(encoder.encode(event));
      const slowClient = out.ready();
      if (slowClient) await slowClient;
      if (signal.aborted) throw new LLMError({ code: 'canceled', message: 'the client went away' });
    }
    out.end();
    return response;
  } catch (err) {
    const error = toLLMError(err);
    void events.return?.();
    if (!signal.aborted) {
      const failure: HttpFailure = describeFailure(error);
      out.end(encoder.fail(failure));
    }
    throw error;
  }
}
