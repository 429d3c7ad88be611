import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog } from '@llm/catalog';
import { createCatalogApi, toHtml, type CatalogApi } from '@llm/catalog/export';
import { LLMError } from '@llm/errors';

/** Where the page and the catalog API are served. */
export const CATALOG_PATH = '/catalog';

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * The Content-Security-Policy a page rendered by `@llm/html` carries in its `<meta>` (it allows
 * exactly the page's inline styles and scripts by their hashes), so that the header says the same.
 */
export function pageContentSecurityPolicy(page: string): string {
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
  if (!meta) throw new LLMError({ code: 'configuration', message: 'the catalog page carries no Content-Security-Policy meta tag', retryable: false, local: true });
  return meta[1]!.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!);
}

interface RenderedPage {
  body: Buffer;
  headers: Record<string, string>;
}

/**
 * `GET /catalog`: the catalog's one-file HTML page (search, filters, comparison, price calculator),
 * sent with its own Content-Security-Policy as a header too (plus `frame-ancestors 'none'`, which only
 * a header can say). `GET /catalog/...`: the catalog's HTTP API (`/models`, `/models/{id}`,
 * `/compare`, `/sources`, `/openapi.json`), answered by the catalog's own framework-free handler.
 * Public like `/openapi.json`: the catalog holds no secret, and a browser sends no key.
 */
export class CatalogEndpoints {
  private readonly api: CatalogApi;
  private page: RenderedPage | undefined;

  constructor(private readonly catalog: Catalog) {
    this.api = createCatalogApi(catalog, { basePath: CATALOG_PATH, title: 'llm-gateway model catalog' });
  }

  /** Whether a path is the page's or the API's. */
  serves(path: string): boolean {
    return path === CATALOG_PATH || path.startsWith(`${CATALOG_PATH}/`);
  }

  /** The catalog API's OpenAPI document (its paths are relative to `/catalog`). */
  get openapi(): Record<string, unknown> {
    return this.api.openapi;
  }

  respond(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    if (url.pathname === CATALOG_PATH || url.pathname === `${CATALOG_PATH}/`) {
      if (method !== 'GET' && !head) return send(res, 405, { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' }, jsonBody({ error: { code: 'invalid_request', message: `${method} is not allowed; use GET` } }), false);
      const page = this.renderedPage();
      return send(res, 200, page.headers, page.body, head);
    }
    // HEAD: the same status and headers as GET (the handler gives HEAD no body, so ask it as GET).
    const { status, headers, body } = this.api.handle({ method: head ? 'GET' : method, url: `${url.pathname}${url.search}` });
    return send(res, status, headers, jsonBody(body), head);
  }

  private renderedPage(): RenderedPage {
    // Rendered on first use (about 800 kB with every model), then served from memory.
    if (!this.page) {
      const html = toHtml(this.catalog.toData(), { title: 'Model catalog' });
      const body = Buffer.from(html);
      this.page = {
        body,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': `${pageContentSecurityPolicy(html)}; frame-ancestors 'none'`,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': 'no-cache',
        },
      };
    }
    return this.page;
  }
}

const jsonBody = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** Writes a reply with its length; a HEAD reply gets the headers only. */
function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer, head: boolean): void {
  if (res.destroyed || res.headersSent) return;
  res.writeHead(status, { ...headers, 'content-length': String(body.length) });
  res.end(head ? undefined : body);
}
