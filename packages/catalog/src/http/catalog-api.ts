import { isLLMError, type LLMError } from '@llm/errors';
import type { Catalog, CatalogQuery } from '../catalog/index.js';
import { catalogOpenApi, type OpenApiOptions } from '../export/index.js';

export interface CatalogApiRequest {
  method: string;
  /** The path and query, e.g. `/catalog/models?capability=toolCalling`. */
  url: string;
}

export interface CatalogApiResponse {
  status: number;
  headers: Record<string, string>;
  /** The JSON value to send (`undefined` for HEAD). */
  body: unknown;
}

export interface CatalogApi {
  /** Answers one request of the API `openapi` describes; paths outside `basePath` are 404. */
  handle(request: CatalogApiRequest): CatalogApiResponse;
  /** The OpenAPI 3.1 document of this API. */
  readonly openapi: Record<string, unknown>;
}

const STATUS: Partial<Record<LLMError['code'], number>> = { invalid_request: 400, not_found: 404 };

const reply = (status: number, body: unknown): CatalogApiResponse => ({ status, headers: { 'content-type': 'application/json; charset=utf-8' }, body });
const failure = (status: number, code: string, message: string, details?: Readonly<Record<string, unknown>>): CatalogApiResponse =>
  reply(status, { error: { code, message, ...(details ? { details } : {}) } });

/** `GET /models` query parameters as a catalog query (arrays by repeating a parameter). */
function listQuery(params: URLSearchParams): CatalogQuery {
  const query: Record<string, unknown> = {};
  const many = (name: string, key: string): void => {
    const values = params.getAll(name);
    if (values.length > 0) query[key] = values;
  };
  const number = (name: string): void => {
    const value = params.get(name);
    if (value !== null) query[name] = value.trim() === '' ? Number.NaN : Number(value);
  };
  many('provider', 'provider');
  many('status', 'status');
  many('capability', 'capabilities');
  many('inputModality', 'inputModalities');
  many('outputModality', 'outputModalities');
  for (const name of ['minContext', 'minOutput', 'maxInputPrice', 'maxOutputPrice']) number(name);
  const q = params.get('q');
  if (q !== null) query.text = q;
  const unknown = params.get('includeUnknown');
  if (unknown !== null) query.includeUnknown = unknown === 'true' ? true : unknown === 'false' ? false : unknown;
  return query as CatalogQuery;
}

/**
 * The catalog as an HTTP API, framework-free: a server (the gateway, a test) passes method and URL
 * and writes back status, headers and JSON body. Exactly the API of `catalogOpenApi`.
 */
export function createCatalogApi(catalog: Catalog, options: OpenApiOptions & { basePath?: string } = {}): CatalogApi {
  const base = (options.basePath ?? '/catalog').replace(/\/$/, '');
  const openapi = catalogOpenApi({ serverUrl: base || '/', ...options });
  const route = (path: string, params: URLSearchParams): CatalogApiResponse => {
    if (path === '/models') return reply(200, { data: catalog.find(listQuery(params)), sources: catalog.sources() });
    if (path.startsWith('/models/')) {
      const id = decodeURIComponent(path.slice('/models/'.length));
      const record = catalog.get(id);
      return record ? reply(200, record) : failure(404, 'not_found', `model "${id}" is not in the catalog`);
    }
    if (path === '/compare') {
      const ids = (params.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) return failure(400, 'invalid_request', 'compare needs ids (ids=a,b)');
      return reply(200, { data: catalog.compare(ids), sources: catalog.sources() });
    }
    if (path === '/sources') return reply(200, { data: catalog.sources() });
    if (path === '/openapi.json') return reply(200, openapi);
    return failure(404, 'not_found', `no such catalog path: ${path}`);
  };
  return {
    openapi,
    handle(request) {
      const url = new URL(request.url, 'http://localhost');
      if (base && url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return failure(404, 'not_found', `no such path: ${url.pathname}`);
      if (request.method !== 'GET' && request.method !== 'HEAD') return { ...failure(405, 'invalid_request', `${request.method} is not allowed; use GET`), headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' } };
      try {
        const response = route(url.pathname.slice(base.length) || '/', url.searchParams);
        // HEAD: the same status and headers, no body.
        return request.method === 'HEAD' ? { ...response, body: undefined } : response;
      } catch (error) {
        if (isLLMError(error) && STATUS[error.code]) return failure(STATUS[error.code]!, error.code, error.message, error.details);
        throw error;
      }
    },
  };
}
