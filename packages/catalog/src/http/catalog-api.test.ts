import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { catalogOpenApi } from '../export/index.js';
import { createCatalogApi } from './catalog-api.js';

const catalog = createCatalog({ at: new Date('2026-10-01T12:00:00Z') });
const api = createCatalogApi(catalog);

/** A validator for a response of the document: its status's schema under `paths[path].get.responses`. */
function responseValidator(document: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'urn:llm:catalog-openapi', ...document });
  return (path: string, status: number, body: unknown): string[] => {
    const operation = (document.paths as Record<string, { get: { responses: Record<string, { content: { 'application/json': { schema: { $ref: string } } } }> } }>)[path]!.get;
    const schema = operation.responses[String(status)]?.content['application/json'].schema;
    if (!schema) return [`no ${status} response documented for ${path}`];
    const validate = ajv.getSchema(`urn:llm:catalog-openapi${schema.$ref}`)!;
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}

describe('the OpenAPI 3.1 document of the catalog API', () => {
  it('is valid under the OpenAPI 3.1 schema', async () => {
    const result = await new Validator().validate(catalogOpenApi({ serverUrl: 'http://127.0.0.1:8080/catalog' }));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect((catalogOpenApi() as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('a broken document is not valid (the validator is really checking)', async () => {
    const broken = catalogOpenApi() as { paths: Record<string, { get: { parameters: { in: string }[] } }> };
    broken.paths['/models']!.get.parameters[0]!.in = 'body';
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('describes what the API answers: list with a capability filter, get, compare, sources and errors, each reply valid under its documented schema', () => {
    const check = responseValidator(api.openapi);
    const cases: [string, string, number][] = [
      ['/models', '/catalog/models?capability=toolCalling&capability=structuredOutput&inputModality=image&maxInputPrice=1', 200],
      ['/models', '/catalog/models?minContext=lots', 400],
      ['/models/{id}', `/catalog/models/${encodeURIComponent('openrouter:openai/gpt-4o')}`, 200],
      ['/models/{id}', '/catalog/models/claude-sonnet-4-5', 200],
      ['/models/{id}', '/catalog/models/openai%3Anope', 404],
      ['/models/{id}', `/catalog/models/${encodeURIComponent('openai/gpt-oss-20b')}`, 400],
      ['/compare', '/catalog/compare?ids=openai:gpt-4o,claude-sonnet-4-5', 200],
      ['/compare', '/catalog/compare?ids=openai:gpt-4o,openai:nope', 404],
      ['/compare', '/catalog/compare', 400],
      ['/sources', '/catalog/sources', 200],
    ];
    for (const [path, url, status] of cases) {
      const response = api.handle({ method: 'GET', url });
      expect(response.status, url).toBe(status);
      expect(check(path, status, response.body), url).toEqual([]);
    }
  });

  it('filters by capability as the catalog does', () => {
    const body = api.handle({ method: 'GET', url: '/catalog/models?capability=toolCalling&provider=anthropic' }).body as { data: { id: string }[] };
    expect(body.data.map((r) => r.id)).toEqual(catalog.find({ capabilities: ['toolCalling'], provider: 'anthropic' }).map((r) => r.id));
    const compared = api.handle({ method: 'GET', url: '/catalog/compare?ids=claude-sonnet-4-5,openai:gpt-4o' }).body as { data: { id: string }[] };
    expect(compared.data.map((r) => r.id)).toEqual(['anthropic:claude-sonnet-4-5-20250929', 'openai:gpt-4o']);
  });

  it('answers 405 to other methods, 404 outside its base path, and serves its own document', () => {
    expect(api.handle({ method: 'POST', url: '/catalog/models' })).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    expect(api.handle({ method: 'GET', url: '/elsewhere/models' }).status).toBe(404);
    expect(api.handle({ method: 'HEAD', url: '/catalog/sources' })).toEqual({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: undefined });
    expect(api.handle({ method: 'HEAD', url: '/catalog/models/openai%3Anope' })).toMatchObject({ status: 404, body: undefined });
    expect(api.handle({ method: 'GET', url: '/catalog/openapi.json' }).body).toBe(api.openapi);
    const bad = api.handle({ method: 'GET', url: '/catalog/models?capability=teleport' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { message: string } }).error.message).toMatch(/capabilities/);
  });
});
