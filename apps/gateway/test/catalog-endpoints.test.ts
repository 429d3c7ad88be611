import { createHash } from 'node:crypto';
import { defaultCatalog } from '@llm/catalog';
import { describe, expect, it } from 'vitest';
import { useGatewayWithFakeVendors } from './gateway-with-fake-vendors.js';

const KEY = 'sk-catalog-test-0123456789abcdef';

/** The SHA-256 source expression (`'sha256-...'`) of an inline script or style, as a CSP names it. */
const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** `/catalog` (the catalog's HTML page) and `/catalog/...` (its HTTP API), fetched from the built gateway. */
describe('the catalog page and API of the gateway', () => {
  const setup = useGatewayWithFakeVendors({
    env: { KEY },
    // A gateway with client keys: chat and /v1/models need one; the catalog, like /openapi.json, does not.
    config: `
models:
  fast: openai:gpt-4o-mini
keys:
  - { id: only, key: '\${KEY}' }
`,
  });
  const get = (path: string, init: RequestInit = {}) => fetch(`${setup.gateway.url}${path}`, init);
  const catalog = defaultCatalog();

  it('serves the page with its Content-Security-Policy as a header, allowing exactly its own inline styles and scripts', async () => {
    expect((await get('/v1/models')).status).toBe(401);
    const res = await get('/catalog');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await res.text();
    expect(page).toContain('<h1>Model catalog</h1>');
    expect(page).toContain(`${catalog.toData().records.length} models.`);

    const header = res.headers.get('content-security-policy')!;
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)![1]!.replace(/&#39;/g, "'");
    expect(header).toBe(`${meta}; frame-ancestors 'none'`);
    const directives = new Map(header.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    // Every inline script that runs (not the JSON data blocks) and every style is allowed by its hash, and nothing else is.
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]!));
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]!));
    expect(scripts.length).toBeGreaterThan(0);
    expect(directives.get('script-src')!.sort()).toEqual(scripts.sort());
    expect(directives.get('style-src')!.sort()).toEqual(styles.sort());

    const head = await get('/catalog', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-security-policy')).toBe(header);
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(page));
    expect(await head.text()).toBe('');
    expect((await get('/catalog', { method: 'POST' })).status).toBe(405);
  });

  it('answers the catalog API with filters, one model, comparisons and its errors', async () => {
    const filtered = await get('/catalog/models?provider=openai&capability=toolCalling&minContext=100000');
    expect(filtered.status).toBe(200);
    const list = (await filtered.json()) as { data: Array<{ id: string; provider: string }>; sources: unknown[] };
    const expected = catalog.find({ provider: ['openai'], capabilities: ['toolCalling'], minContext: 100_000 }).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(5);
    expect(list.data.map((r) => r.id)).toEqual(expected);
    expect(list.sources).toEqual(JSON.parse(JSON.stringify(catalog.sources())));

    const one = await get(`/catalog/models/${encodeURIComponent('openai:gpt-4o-mini')}`);
    expect(await one.json()).toEqual(JSON.parse(JSON.stringify(catalog.require('openai:gpt-4o-mini'))));
    const compared = (await (await get('/catalog/compare?ids=openai:gpt-4o-mini,anthropic:claude-haiku-4-5')).json()) as { data: Array<{ id: string }> };
    expect(compared.data.map((r) => r.id)).toEqual(['openai:gpt-4o-mini', catalog.require('anthropic:claude-haiku-4-5').id]);

    const bad = await get('/catalog/models?minContext=lots');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('minContext') });
    const missing = await get('/catalog/models/openai%3Ano-such-model');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const post = await get('/catalog/models', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await get('/catalog/sources', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify({ data: catalog.sources() })));
  });

  it('documents the catalog in its OpenAPI document, each API path a reference that resolves in the catalog’s own', async () => {
    const doc = (await (await get('/openapi.json')).json()) as { paths: Record<string, { $ref?: string; get?: unknown }> };
    expect(doc.paths['/catalog']!.get).toBeDefined();
    const catalogDoc = (await (await get('/catalog/openapi.json')).json()) as { paths: Record<string, { get: { responses: Record<string, unknown> } }> };
    const refs = Object.entries(doc.paths).filter(([path]) => path.startsWith('/catalog/'));
    expect(refs.map(([path]) => path).sort()).toEqual(Object.keys(catalogDoc.paths).map((p) => `/catalog${p}`).sort());
    for (const [, item] of refs) {
      const [file, pointer] = item.$ref!.split('#');
      expect(file).toBe('/catalog/openapi.json');
      const target = pointer!.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')).reduce<unknown>((node, token) => (node as Record<string, unknown>)[token], catalogDoc);
      expect((target as { get: { responses: Record<string, unknown> } }).get.responses['200']).toBeDefined();
    }
  });
});
