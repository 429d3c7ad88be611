import { z } from 'zod';
import { CATALOG_PATH } from './catalog-endpoints.js';
import { AnthropicMessagesRequestSchema } from '../wire/anthropic/anthropic-messages-schema.js';
import { OpenAIChatRequestSchema } from '../wire/openai/openai-chat-schema.js';

const schemaOf = (schema: z.ZodType) => {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

const json = (schema: Record<string, unknown>, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = { $ref: '#/components/schemas/Error' };
const errors = {
  '400': json(error, 'Invalid request: every bad field is named'),
  '401': json(error, 'Missing, unknown, revoked or expired key'),
  '403': json(error, 'The key may not use this model'),
  '404': json(error, 'Unknown model'),
  '413': json(error, 'Body larger than server.maxBodySize'),
  '429': json(error, 'Over the key’s rate limit (retry-after-ms, x-ratelimit-*), or (OpenAI format) its budget is spent (insufficient_quota, x-should-retry: false)'),
  '502': json(error, 'Upstream failure'),
  '503': json(error, 'Upstream overloaded or its circuit open'),
  '504': json(error, 'Upstream timeout'),
};
const sse = (description: string) => ({ 'text/event-stream': { schema: { type: 'string', description } } });

/** A JSON pointer token (RFC 6901): `~` as `~0`, `/` as `~1`. */
const pointerToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The catalog API's paths under `/catalog`, each a reference into the catalog's own document
 * (`/catalog/openapi.json`, with its own schemas): one source for what that API answers.
 */
function catalogPaths(catalogOpenApi: Record<string, unknown>): Record<string, unknown> {
  const paths = Object.keys((catalogOpenApi.paths ?? {}) as Record<string, unknown>);
  return Object.fromEntries(paths.map((path) => [`${CATALOG_PATH}${path}`, { $ref: `${CATALOG_PATH}/openapi.json#/paths/${pointerToken(path)}` }]));
}

/**
 * The gateway's own API as OpenAPI 3.1 (`GET /openapi.json`); the request bodies come from the same
 * zod schemas that check them. The catalog API's paths refer to its own document.
 */
export function gatewayOpenApi(version: string, catalogOpenApi: Record<string, unknown>): Record<string, unknown> {
  const bearer = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
  const admin = [{ bearerAuth: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'llm-gateway',
      version,
      description: 'An OpenAI- and Anthropic-compatible gateway with per-key budgets and limits, honest streams and cost in every reply.',
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'A client key (the master key for /admin and, when one is set, /metrics)' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'A client key, as Anthropic’s SDK sends it' },
      },
      schemas: {
        Error: { type: 'object', description: 'OpenAI: { error: { message, type, param, code } }; Anthropic: { type: "error", error: { type, message } }' },
        ChatCompletionRequest: schemaOf(OpenAIChatRequestSchema),
        MessagesRequest: schemaOf(AnthropicMessagesRequestSchema),
        KeySettings: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            models: { type: 'array', items: { type: 'string' } },
            budget: { type: 'object', properties: { usd: { type: 'number' }, period: { enum: ['hour', 'day', 'week', 'month', 'total'] }, window: { enum: ['calendar', 'rolling'] } }, required: ['usd'] },
            limits: { type: 'object', properties: { requestsPerMinute: { type: 'integer' }, tokensPerMinute: { type: 'integer' }, maxConcurrent: { type: 'integer' } } },
            expiresAt: { type: 'string', format: 'date-time' },
            metadata: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
    paths: {
      '/v1/chat/completions': {
        post: {
          summary: 'OpenAI Chat Completions (JSON or SSE)',
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ChatCompletionRequest' } } } },
          responses: {
            '200': { description: 'chat.completion, or chat.completion.chunk events ending in [DONE]; usage carries cost (USD)', content: { 'application/json': { schema: { type: 'object' } }, ...sse('chat.completion.chunk events') } },
            ...errors,
          },
        },
      },
      '/v1/messages': {
        post: {
          summary: 'Anthropic Messages (JSON or SSE)',
          security: bearer,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/MessagesRequest' } } } },
          responses: {
            '200': { description: 'message, or Messages events ending in message_stop; usage carries cost (USD)', content: { 'application/json': { schema: { type: 'object' } }, ...sse('Messages events') } },
            '402': json(error, 'The key’s budget is spent (billing_error)'),
            ...errors,
          },
        },
      },
      '/v1/models': { get: { summary: 'The models this key may use (Anthropic’s format with an anthropic-version header)', security: bearer, responses: { '200': json({ type: 'object' }, 'A list of models'), '401': errors['401'] } } },
      '/v1/models/{id}': {
        get: {
          summary: 'One model',
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': json({ type: 'object' }, 'The model'), '404': errors['404'] },
        },
      },
      '/livez': { get: { summary: 'The process is up', responses: { '200': json({ type: 'object' }, 'ok') } } },
      '/readyz': { get: { summary: 'The gateway takes calls (not shutting down, stores reachable)', responses: { '200': json({ type: 'object' }, 'ready'), '503': json({ type: 'object' }, 'not ready, with the reason') } } },
      '/health/providers': { get: { summary: 'Cached vendor probes (a model listing, never a completion) and circuit states', responses: { '200': json({ type: 'object' }, 'The report') } } },
      '/metrics': { get: { summary: 'Prometheus text: GenAI metrics, requests, each key’s spend and remaining budget', responses: { '200': { description: 'Exposition text', content: { 'text/plain': { schema: { type: 'string' } } } } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1') } } },
      [CATALOG_PATH]: {
        get: {
          summary: 'The model catalog as one HTML page (search, filters, comparison, price calculator); its Content-Security-Policy allows only its own inline style and scripts',
          responses: { '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
      ...catalogPaths(catalogOpenApi),
      '/admin/keys': {
        get: { summary: 'Every key (never its hash) with its spend', security: admin, responses: { '200': json({ type: 'object' }, 'The keys') } },
        post: {
          summary: 'Issue a key: the key is in this reply only',
          security: admin,
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/KeySettings' } } } },
          responses: { '201': json({ type: 'object' }, '{ key, record }'), '400': errors['400'] },
        },
      },
      '/admin/keys/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: 'One key with its spend', security: admin, responses: { '200': json({ type: 'object' }, 'The key'), '404': errors['404'] } },
        delete: { summary: 'Revoke a key', security: admin, responses: { '200': json({ type: 'object' }, 'The revoked key'), '404': errors['404'] } },
      },
      '/admin/analytics': {
        get: {
          summary: 'The report of every upstream call in a window (@llm/analytics): per group calls, errors, latency, tokens, cost, trends, anomalies',
          security: admin,
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'groupBy', in: 'query', description: 'provider, model, operation, streamed, experiment, arm or tag:<name>, comma-separated (tag:key: per client key)', schema: { type: 'string' } },
            { name: 'format', in: 'query', schema: { enum: ['json', 'csv', 'markdown'] } },
          ],
          responses: {
            '200': { description: 'The report', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } }, 'text/markdown': { schema: { type: 'string' } } } },
            '400': errors['400'],
            '404': errors['404'],
          },
        },
      },
      '/admin/experiments': { get: { summary: 'The A/B tests of experiment routes: arms, models, calls and outcomes per arm', security: admin, responses: { '200': json({ type: 'object' }, 'The experiments') } } },
      '/admin/experiments/{id}': {
        get: {
          summary: 'The analysis so far: per-arm estimates, each arm against the control, sample-ratio check, verdict',
          security: admin,
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'primary', in: 'query', schema: { enum: ['outcome', 'errorRate', 'latency', 'cost'] } },
            { name: 'mde', in: 'query', schema: { type: 'number', exclusiveMinimum: 0 } },
          ],
          responses: { '200': json({ type: 'object' }, 'The analysis'), '400': errors['400'], '404': errors['404'] },
        },
      },
      '/admin/experiments/{id}/outcomes': {
        post: {
          summary: 'How a call’s answer did, by the call id of its x-llm-experiment header',
          security: admin,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object', properties: { callId: { type: 'string' }, outcome: { type: ['boolean', 'number'] } }, required: ['callId', 'outcome'] } } },
          },
          responses: { '200': json({ type: 'object' }, 'Recorded'), '400': errors['400'], '404': errors['404'] },
        },
      },
      '/admin/spend': {
        get: {
          summary: 'Spend per key (budget periods, shared) and cost totals per key and model (this process)',
          security: admin,
          parameters: [
            { name: 'since', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'until', in: 'query', schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': json({ type: 'object' }, 'The report') },
        },
      },
    },
  };
}
