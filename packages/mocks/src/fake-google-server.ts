import { randomBytes } from 'node:crypto';
import { sendJson, sendSse, startFakeServer, type FakeServer, type IncomingCall, type JsonObject as Json } from './fake-server.js';
import { GOOGLE_BAD_SHAPES } from './fake-bad-shape-recipes.js';
import { partialUsage, replyParts, streamChunks, usageMetadata, type GeminiReply } from './fake-google-frames.js';
import { googleRequestProblem } from './fake-google-rules.js';
import { DEFAULT_USAGE, splitText, type Scenario, type ScriptedErrorKind, type SeenRequest, ALL_ERROR_KINDS } from './scenario.js';


/** A model served at `GET /v1beta/models`. */
export interface FakeGoogleModel {
  /** Without the `models/` prefix. */
  id: string;
  displayName?: string;
  inputTokenLimit: number;
  outputTokenLimit: number;
  supportedGenerationMethods?: string[];
  thinking?: boolean;
}

export interface FakeGoogleServerOptions {
  apiKey?: string;
  /** The model list served at `GET /v1beta/models` (paged by `pageSize` / `pageToken`). */
  models?: FakeGoogleModel[];
  /** The `totalTokens` that `models/{model}:countTokens` answers for a body; by default its JSON length / 4, rounded up. */
  countTokens?: (body: Json) => number;
  /**
   * Stream function-call arguments piece by piece (`partialArgs`, `willContinue`), as Gemini 3 on
   * Vertex AI does when a request asks for `streamFunctionCallArguments` (the Gemini API's SDK cannot ask).
   */
  streamFunctionCallArguments?: boolean;
}

/** Every scripted error Gemini can produce; `content_filtered` is a 200 reply whose prompt was blocked. */
export const GOOGLE_ERROR_KINDS: readonly ScriptedErrorKind[] = ALL_ERROR_KINDS;

const DEFAULT_MODELS: FakeGoogleModel[] = [
  { id: 'gemini-2.0-flash', displayName: 'Gemini 2.0 Flash', inputTokenLimit: 1_048_576, outputTokenLimit: 8192 },
  { id: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash', inputTokenLimit: 1_048_576, outputTokenLimit: 65_536, thinking: true },
  { id: 'gemini-2.5-pro', displayName: 'Gemini 2.5 Pro', inputTokenLimit: 1_048_576, outputTokenLimit: 65_536, thinking: true },
  { id: 'text-embedding-004', displayName: 'Text Embedding 004', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent'] },
];

const GENERATE_METHODS = ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'];

/** Google's error body: `{"error":{"code","message","status","details"?}}`. */
function googleError(code: number, status: string, message: string, details?: Json[]): Json {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

/**
 * What Gemini 3 checks of a history: in the current turn (the model and function-response turns
 * after the last user text), each model turn's first function call must carry the thought
 * signature it was issued with. The message of the first problem, or undefined.
 */
function missingThoughtSignature(body: Json, issued: ReadonlySet<string>): string | undefined {
  const contents = Array.isArray(body.contents) ? (body.contents as Json[]) : [];
  const parts = (c: Json | undefined): Json[] => (Array.isArray(c?.parts) ? (c.parts as Json[]) : []);
  let start = 0;
  contents.forEach((c, i) => {
    if (c.role !== 'model' && parts(c).some((p) => typeof p.text === 'string')) start = i + 1;
  });
  for (let i = start; i < contents.length; i++) {
    if (contents[i]!.role !== 'model') continue;
    const first = parts(contents[i]).find((p) => p.functionCall !== undefined);
    if (first && !issued.has(String(first.thoughtSignature))) {
      const name = String((first.functionCall as Json).name);
      return (
        'Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead ' +
        `to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`
      );
    }
  }
  return undefined;
}

function quotaFailure(quotaId: string, metric: string, limit: string): Json {
  return {
    '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
    violations: [
      {
        quotaMetric: `generativelanguage.googleapis.com/${metric}`,
        quotaId,
        quotaDimensions: { location: 'global', model: 'gemini-2.0-flash' },
        quotaValue: limit,
      },
    ],
  };
}

const HELP_LINK = {
  '@type': 'type.googleapis.com/google.rpc.Help',
  links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
};

/**
 * Google's real error replies. Gemini has no 401: a bad key is a 400 INVALID_ARGUMENT whose
 * ErrorInfo reason is API_KEY_INVALID; quota replies carry the wait in a RetryInfo detail,
 * not in a `retry-after` header.
 */
export function googleErrorReply(kind: Exclude<ScriptedErrorKind, 'content_filtered'>, message?: string, retryAfterSeconds?: number): { status: number; body: Json } {
  switch (kind) {
    case 'authentication': {
      const text = message ?? 'API key not valid. Please pass a valid API key.';
      return {
        status: 400,
        body: googleError(400, 'INVALID_ARGUMENT', text, [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com' },
          },
          { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: text },
        ]),
      };
    }
    case 'permission_denied':
      return { status: 403, body: googleError(403, 'PERMISSION_DENIED', message ?? 'The caller does not have permission') };
    case 'not_found':
      return {
        status: 404,
        body: googleError(
          404,
          'NOT_FOUND',
          message ??
            'models/gemini-nonexistent is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
        ),
      };
    case 'invalid_request':
      return {
        status: 400,
        body: googleError(400, 'INVALID_ARGUMENT', message ?? 'Invalid JSON payload received. Unknown name "foo" at \'generation_config\': Cannot find field.', [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [{ field: 'generation_config', description: 'Invalid JSON payload received. Unknown name "foo" at \'generation_config\': Cannot find field.' }],
          },
        ]),
      };
    case 'context_length_exceeded':
      return {
        status: 400,
        body: googleError(400, 'INVALID_ARGUMENT', message ?? 'The input token count (1210432) exceeds the maximum number of tokens allowed (1048576).'),
      };
    case 'rate_limited': {
      const wait = retryAfterSeconds ?? 1;
      return {
        status: 429,
        body: googleError(
          429,
          'RESOURCE_EXHAUSTED',
          message ??
            `You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 15, model: gemini-2.0-flash\nPlease retry in ${wait}s.`,
          [
            quotaFailure('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', 'generate_content_free_tier_requests', '15'),
            HELP_LINK,
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${wait}s` },
          ],
        ),
      };
    }
    case 'quota_exceeded':
      return {
        status: 429,
        body: googleError(
          429,
          'RESOURCE_EXHAUSTED',
          message ??
            'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 200, model: gemini-2.0-flash',
          [
            quotaFailure('GenerateRequestsPerDayPerProjectPerModel-FreeTier', 'generate_content_free_tier_requests', '200'),
            HELP_LINK,
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds ?? 41}s` },
          ],
        ),
      };
    case 'provider_error':
      return {
        status: 500,
        body: googleError(500, 'INTERNAL', message ?? 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'),
      };
    case 'overloaded':
      return { status: 503, body: googleError(503, 'UNAVAILABLE', message ?? 'The model is overloaded. Please try again later.') };
  }
}

const SAFETY_RATINGS = (blocked: string): Json[] =>
  ['HARM_CATEGORY_SEXUALLY_EXPLICIT', 'HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_DANGEROUS_CONTENT'].map((category) =>
    category === blocked ? { category, probability: 'HIGH', blocked: true } : { category, probability: 'NEGLIGIBLE' },
  );

function responseText(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const r = value as Json;
    const keys = Object.keys(r);
    if (keys.length === 1 && typeof r.output === 'string') return r.output;
  }
  return JSON.stringify(value ?? null);
}

function readKey(call: IncomingCall): string | undefined {
  return call.headers['x-goog-api-key'] ?? call.query.get('key') ?? undefined;
}

/** Reads a `generateContent` body into the suite's vendor-neutral view. */
export function seenGoogleRequest(call: IncomingCall, model: string | undefined, stream: boolean): SeenRequest {
  const body = (call.body ?? {}) as Json;
  const contents = Array.isArray(body.contents) ? (body.contents as Json[]) : [];
  const config = (body.generationConfig ?? {}) as Json;
  const system = body.systemInstruction as Json | undefined;
  const systemParts = system && Array.isArray(system.parts) ? (system.parts as Json[]) : [];
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  const parts = contents.flatMap((c) => (Array.isArray(c.parts) ? (c.parts as Json[]) : []));
  const stop = config.stopSequences;
  return {
    path: call.path,
    model,
    stream,
    apiKey: readKey(call),
    roles: contents.map((c) => String(c.role ?? 'user')),
    system: systemParts.length ? systemParts.map((p) => String(p.text ?? '')).join('\n') : undefined,
    maxTokens: config.maxOutputTokens as number | undefined,
    temperature: config.temperature as number | undefined,
    stop: Array.isArray(stop) ? (stop as string[]) : undefined,
    toolNames: tools.flatMap((t) => (Array.isArray(t.functionDeclarations) ? (t.functionDeclarations as Json[]).map((d) => String(d.name)) : [])),
    toolResults: parts
      .filter((p) => typeof p.functionResponse === 'object' && p.functionResponse !== null)
      .map((p) => {
        const fr = p.functionResponse as Json;
        return { toolCallId: typeof fr.id === 'string' ? fr.id : undefined, content: responseText(fr.response) };
      }),
    responseSchema: (config.responseJsonSchema ?? config.responseSchema) as Json | undefined,
    headers: call.headers,
    body,
  };
}

const PATH_RE = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/**
 * A fake Gemini API server (generativelanguage.googleapis.com): `generateContent`,
 * `streamGenerateContent?alt=sse` (CRLF-framed SSE, as Google sends it), `GET /v1beta/models`,
 * Google's error bodies, safety blocks, thoughts, function calls without ids, and every fault.
 * The SDK's base URL is the server's root: it adds `/v1beta` itself.
 */
export function startFakeGoogleServer(options: FakeGoogleServerOptions = {}): Promise<FakeServer> {
  const models = options.models ?? DEFAULT_MODELS;
  // Thought signatures this server put on function calls (Gemini 3 wants them back).
  const issued = new Set<string>();

  return startFakeServer({
    badShapes: GOOGLE_BAD_SHAPES,
    vendor: 'google',
    apiKey: options.apiKey,
    basePath: '',
    errorKinds: GOOGLE_ERROR_KINDS,
    readApiKey: readKey,
    sendUnauthorized: (call) => {
      if (readKey(call) === undefined) {
        void sendJson(
          call,
          403,
          googleError(
            403,
            'PERMISSION_DENIED',
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
          ),
        );
        return;
      }
      const reply = googleErrorReply('authentication');
      void sendJson(call, reply.status, reply.body);
    },
    async handle(call, next, seen) {
      if (call.method === 'GET' && /^\/v1(beta|alpha)?\/models$/.test(call.path)) {
        const pageSize = Math.max(1, Number(call.query.get('pageSize') ?? '50') || 50);
        const start = Number(call.query.get('pageToken') ?? '0') || 0;
        const page = models.slice(start, start + pageSize).map((m) => ({
          name: `models/${m.id}`,
          version: '001',
          displayName: m.displayName ?? m.id,
          description: `${m.displayName ?? m.id} (fake)`,
          inputTokenLimit: m.inputTokenLimit,
          outputTokenLimit: m.outputTokenLimit,
          supportedGenerationMethods: m.supportedGenerationMethods ?? GENERATE_METHODS,
          temperature: 1,
          topP: 0.95,
          topK: 64,
          maxTemperature: 2,
          ...(m.thinking ? { thinking: true } : {}),
        }));
        const more = start + pageSize < models.length;
        await sendJson(call, 200, { models: page, ...(more ? { nextPageToken: String(start + pageSize) } : {}) });
        return;
      }
      const counting = call.method === 'POST' ? /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):countTokens$/.exec(call.path) : null;
      if (counting) {
        // Gemini's token counting: `{ totalTokens }` for `contents` (or a whole `generateContentRequest`).
        const body = (call.body ?? {}) as Json;
        const counted = (body.generateContentRequest as Json | undefined) ?? body;
        if (!Array.isArray(counted.contents)) {
          await sendJson(call, 400, googleError(400, 'INVALID_ARGUMENT', '* CountTokensRequest.contents: contents is not specified'));
          return;
        }
        seen({ ...seenGoogleRequest(call, counting[2], false), path: call.path });
        const count = options.countTokens ?? ((b: Json) => Math.ceil(JSON.stringify(b).length / 4));
        await sendJson(call, 200, { totalTokens: count(counted), promptTokensDetails: [{ modality: 'TEXT', tokenCount: count(counted) }] });
        return;
      }
      const match = call.method === 'POST' ? PATH_RE.exec(call.path) : null;
      if (!match) {
        await sendJson(call, 404, googleError(404, 'NOT_FOUND', `Requested entity was not found. (${call.method} ${call.path})`));
        return;
      }
      const model = match[2]!;
      const stream = match[3] === 'streamGenerateContent';
      if (stream && call.query.get('alt') !== 'sse') {
        await sendJson(call, 400, googleError(400, 'INVALID_ARGUMENT', 'this fake server streams only with alt=sse'));
        return;
      }
      const refused = googleRequestProblem(call.body);
      if (refused) {
        await sendJson(call, 400, googleError(400, 'INVALID_ARGUMENT', refused));
        return;
      }
      seen(seenGoogleRequest(call, model, stream));
      const unsigned = model.startsWith('gemini-3') ? missingThoughtSignature((call.body ?? {}) as Json, issued) : undefined;
      if (unsigned) {
        await sendJson(call, 400, googleError(400, 'INVALID_ARGUMENT', unsigned));
        return;
      }
      const scenario: Scenario = next();
      const responseId = randomBytes(16).toString('base64url').slice(0, 22);
      const envelope = (payload: Json): Json => ({ ...payload, modelVersion: model, responseId });
      const frame = (payload: Json): string => `data: ${JSON.stringify(envelope(payload))}\r\n\r\n`;

      if (scenario.kind === 'error' && scenario.error !== 'content_filtered') {
        const reply = googleErrorReply(scenario.error, scenario.message, scenario.retryAfterSeconds);
        await sendJson(call, reply.status, reply.body);
        return;
      }
      if (scenario.kind === 'error') {
        // Google blocks a prompt with a 200 reply: no candidates, a promptFeedback block reason.
        const blocked = {
          promptFeedback: { blockReason: 'SAFETY', safetyRatings: SAFETY_RATINGS('HARM_CATEGORY_DANGEROUS_CONTENT') },
          usageMetadata: partialUsage(DEFAULT_USAGE),
        };
        if (stream) await sendSse(call, [frame(blocked)]);
        else await sendJson(call, 200, envelope(blocked));
        return;
      }

      const usage = scenario.kind === 'stream-error' ? DEFAULT_USAGE : (scenario.usage ?? DEFAULT_USAGE);
      const fault = scenario.kind === 'stream-error' ? undefined : scenario.fault;
      const text = scenario.kind === 'text' ? scenario.text : scenario.kind === 'tool-calls' ? (scenario.text ?? '') : scenario.afterText;
      const reasoning = scenario.kind === 'stream-error' ? undefined : scenario.reasoning;
      let finishReason = 'STOP';
      let finishMessage: string | undefined;
      let safetyRatings: Json[] | undefined;
      const calls: Json[] = [];
      if (scenario.kind === 'text' && scenario.finishReason === 'length') finishReason = 'MAX_TOKENS';
      if (scenario.kind === 'text' && scenario.finishReason === 'content_filter') {
        finishReason = 'SAFETY';
        safetyRatings = SAFETY_RATINGS('HARM_CATEGORY_HARASSMENT');
      }
      if (scenario.kind === 'tool-calls') {
        for (const c of scenario.calls) {
          let args: unknown = c.arguments;
          if (typeof args === 'string') {
            try {
              args = JSON.parse(args);
            } catch {
              // Gemini never sends unparseable arguments: it ends the turn instead.
              finishReason = 'MALFORMED_FUNCTION_CALL';
              finishMessage = `Malformed function call: ${c.name}(${String(c.arguments)})`;
              break;
            }
          }
          calls.push({ functionCall: { ...(c.id ? { id: c.id } : {}), name: c.name, args } });
        }
        if (finishReason === 'STOP') finishMessage = 'Model generated function call(s).';
        else calls.length = 0;
      }
      const callParts = calls.map((c, i) => {
        if (i > 0) return c;
        const thoughtSignature = randomBytes(24).toString('base64');
        issued.add(thoughtSignature);
        return { ...c, thoughtSignature };
      });
      const reply: GeminiReply = {
        text,
        pieces: splitText(text, scenario.kind === 'text' ? scenario.chunks : undefined),
        reasoning,
        callParts,
        // Gemini 2.5 signs the first text part after thinking (no calls to carry the signature).
        textSignature: reasoning && text && !callParts.length ? randomBytes(24).toString('base64') : undefined,
        candidateExtras: { finishReason, ...(finishMessage ? { finishMessage } : {}), ...(safetyRatings ? { safetyRatings } : {}) },
        usage,
      };

      if (!stream) {
        const parts = replyParts(reply);
        const candidate: Json = { content: parts.length ? { parts, role: 'model' } : {}, ...reply.candidateExtras, index: 0 };
        await sendJson(call, 200, envelope({ candidates: [candidate], usageMetadata: usageMetadata(usage) }), {}, fault);
        return;
      }
      if (scenario.kind === 'stream-error') {
        const frames = reply.pieces.map((piece) => frame({ candidates: [{ content: { parts: [{ text: piece }], role: 'model' }, index: 0 }], usageMetadata: partialUsage(usage) }));
        if (scenario.error === 'content_filtered') {
          frames.push(frame({ candidates: [{ content: {}, finishReason: 'SAFETY', safetyRatings: SAFETY_RATINGS('HARM_CATEGORY_HARASSMENT'), index: 0 }], usageMetadata: usageMetadata(usage) }));
        } else {
          const error = googleErrorReply(scenario.error, scenario.message);
          frames.push(`data: ${JSON.stringify(error.body)}\r\n\r\n`);
        }
        await sendSse(call, frames, {}, fault);
        return;
      }
      await sendSse(call, streamChunks(reply, { streamArguments: options.streamFunctionCallArguments === true }).map(frame), {}, fault);
    },
  });
}
