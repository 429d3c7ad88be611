import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@llm/core';
import { handleChat, type ChatServices } from '../chat/chat-handler.js';
import type { CatalogEndpoints } from '../endpoints/catalog-endpoints.js';
import { handleAdmin, requireMaster, type AdminServices } from '../endpoints/admin-api.js';
import { anthropicModel, modelListBody, openAIModel, type ModelList } from '../endpoints/model-list.js';
import type { ProviderHealth } from '../endpoints/provider-health.js';
import type { PrometheusMetrics } from '../telemetry/prometheus-metrics.js';
import { anthropicWire } from '../wire/anthropic/anthropic-wire.js';
import { openAIWire } from '../wire/openai/openai-wire.js';
import type { WireFormat } from '../wire/wire-format.js';
import { gatewayError } from './gateway-error.js';
import { describeFailure } from './http-failure.js';
import { sendJson, sendText } from './respond.js';

/** Everything the routes reach. */
export interface GatewayServices {
  chat: ChatServices;
  admin: AdminServices;
  models: ModelList;
  health: ProviderHealth;
  metrics: PrometheusMetrics | undefined;
  logger: Logger;
  /** Why the gateway cannot take calls now (shutting down, a store unreachable: named), or undefined when it can. Spends no tokens. */
  notReady(): Promise<string | undefined>;
  openApi(): unknown;
  /** `/catalog`: the catalog's HTML page and its HTTP API. */
  catalog: CatalogEndpoints;
}

const CHAT_COMPLETIONS = '/v1/chat/completions';
const MESSAGES = '/v1/messages';

function wireOf(req: IncomingMessage): WireFormat {
  return req.headers['anthropic-version'] !== undefined ? anthropicWire : openAIWire;
}

/** The request handler: chat in both wire formats, models, health, metrics, admin, OpenAPI, the catalog. */
export function gatewayRequestHandler(services: GatewayServices): (req: IncomingMessage, res: ServerResponse) => void {
  const failed = (req: IncomingMessage, res: ServerResponse, path: string, err: unknown): void => {
    const failure = describeFailure(err);
    if (failure.status >= 500) services.logger.error('request failed', { path, error: err });
    if (!res.headersSent) {
      const reply = wireOf(req).errorReply(failure);
      sendJson(res, reply.status, reply.body, reply.headers);
    } else res.destroy();
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const { pathname: path } = url;
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === CHAT_COMPLETIONS) return handleChat(services.chat, openAIWire, path, req, res);
    if (method === 'POST' && path === MESSAGES) return handleChat(services.chat, anthropicWire, path, req, res);
    if (services.catalog.serves(path)) return services.catalog.respond(req, res, url);
    if (method === 'GET') {
      switch (path) {
        case '/livez':
          return sendJson(res, 200, { status: 'ok' });
        case '/readyz': {
          const reason = await services.notReady();
          return sendJson(res, reason === undefined ? 200 : 503, reason === undefined ? { status: 'ready' } : { status: 'not ready', reason });
        }
        case '/health/providers':
          return sendJson(res, 200, await services.health.report());
        case '/metrics': {
          if (!services.metrics) throw gatewayError('not_found', 'metrics are off (telemetry.metrics: false)');
          if (services.admin.masterKeyHash !== undefined) requireMaster(services.admin, req);
          return sendText(res, 200, await services.metrics.scrape(), 'text/plain; version=0.0.4; charset=utf-8');
        }
        case '/openapi.json':
          return sendJson(res, 200, services.openApi());
        case '/v1/models': {
          const principal = await services.chat.auth.authenticate(req.headers);
          return sendJson(res, 200, modelListBody(await services.models.list(principal.key), req.headers['anthropic-version'] !== undefined));
        }
      }
      if (path.startsWith('/v1/models/')) {
        const principal = await services.chat.auth.authenticate(req.headers);
        const id = decodeURIComponent(path.slice('/v1/models/'.length));
        const model = await services.models.get(id, principal.key);
        if (!model) throw gatewayError('not_found', `the model "${id}" does not exist here`);
        return sendJson(res, 200, req.headers['anthropic-version'] !== undefined ? anthropicModel(model) : openAIModel(model));
      }
    }
    if (await handleAdmin(services.admin, req, res, url)) return;
    throw gatewayError('not_found', `no endpoint ${method} ${path}`);
  };

  return (req, res) => {
    const target = req.url;
    // The chat paths as the SDKs send them (no query) skip the URL parser.
    if (req.method === 'POST' && (target === CHAT_COMPLETIONS || target === MESSAGES)) {
      handleChat(services.chat, target === MESSAGES ? anthropicWire : openAIWire, target, req, res).catch((err: unknown) => failed(req, res, target, err));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://gateway');
    route(req, res, url).catch((err: unknown) => failed(req, res, url.pathname, err));
  };
}
