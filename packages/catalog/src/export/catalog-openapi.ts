import { builtSchema, lazySchema } from '@llm/schema';
import { z } from 'zod';
import {
  CAPABILITIES,
  CapabilitiesSchema,
  FlagSchema,
  LimitsSchema,
  MODEL_STATUSES,
  ModalitiesSchema,
  ModalitySchema,
  ModelRecordSchema,
  PricesSchema,
  PriceTierSchema,
  ProvenanceSchema,
  ReasoningControlsSchema,
  SourceSchema,
  StatusSchema,
} from '../record/index.js';

/** A list of records with the sources their facts name. */
export const ModelListSchema = lazySchema(() => z.object({ data: z.array(builtSchema(ModelRecordSchema)), sources: z.array(builtSchema(SourceSchema)) }).strict());
export const SourceListSchema = lazySchema(() => z.object({ data: z.array(builtSchema(SourceSchema)) }).strict());
/** An error reply: `{ error: { code, message, details? } }` (the codes of `@llm/errors`). */
export const ApiErrorSchema = lazySchema(() => z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).strict() })
  .strict());

const COMPONENTS = {
  ModelRecord: ModelRecordSchema,
  Flag: FlagSchema,
  Modality: ModalitySchema,
  Status: StatusSchema,
  Limits: LimitsSchema,
  Modalities: ModalitiesSchema,
  Capabilities: CapabilitiesSchema,
  ReasoningControls: ReasoningControlsSchema,
  PriceTier: PriceTierSchema,
  Prices: PricesSchema,
  Provenance: ProvenanceSchema,
  Source: SourceSchema,
  ModelList: ModelListSchema,
  SourceList: SourceListSchema,
  Error: ApiErrorSchema,
} as const;

/** The components of the document, from the zod schemas (refs between them as `#/components/schemas/<name>`). */
function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  // The built objects: the schemas made from them (`.describe()`, `.optional()`) find them as their parent.
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(builtSchema(schema), { id });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [id, Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema' && key !== '$id'))]),
  );
}

const json = (schema: string): Record<string, unknown> => ({ 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } });
const error = (description: string): Record<string, unknown> => ({ description, content: json('Error') });
const inline = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
};

/** The query parameters of `GET /models`, as the catalog's query takes them (made when a document is, not at import). */
const listParameters = (): Record<string, unknown>[] => [
  { name: 'provider', description: 'Only these providers.', schema: inline(z.array(z.string())), explode: true },
  { name: 'status', description: 'Only these statuses.', schema: inline(z.array(z.enum(MODEL_STATUSES))), explode: true },
  { name: 'capability', description: 'Capabilities that must be true (filter by capability).', schema: inline(z.array(z.enum(CAPABILITIES))), explode: true },
  { name: 'inputModality', description: 'Input modalities it must take.', schema: inline(z.array(ModalitySchema)), explode: true },
  { name: 'outputModality', description: 'Output modalities it must give.', schema: inline(z.array(ModalitySchema)), explode: true },
  { name: 'minContext', description: 'Smallest context window, in tokens.', schema: inline(z.number().int().nonnegative()) },
  { name: 'minOutput', description: 'Smallest output limit, in tokens.', schema: inline(z.number().int().nonnegative()) },
  { name: 'maxInputPrice', description: 'Highest input price, USD per million tokens.', schema: inline(z.number().nonnegative()) },
  { name: 'maxOutputPrice', description: 'Highest output price, USD per million tokens.', schema: inline(z.number().nonnegative()) },
  { name: 'q', description: 'Words found in the id, an alias, the name or the family.', schema: inline(z.string()) },
  { name: 'includeUnknown', description: 'Let a model through when a fact a filter asks about is unknown.', schema: inline(z.boolean()) },
].map((p) => ({ in: 'query', required: false, style: 'form', ...p }));

export interface OpenApiOptions {
  /** Where the API is served, e.g. `https://gateway.example/catalog` (default: relative `/catalog`). */
  serverUrl?: string;
  title?: string;
  version?: string;
}

/**
 * The catalog as an HTTP API, in OpenAPI 3.1: list with filters (by capability, modality, context,
 * price, status, text), get one, compare several, and the sources; schemas generated from the same
 * zod schemas the catalog validates with. `createCatalogApi` serves exactly this document.
 */
export function catalogOpenApi(options: OpenApiOptions = {}): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Model catalog',
      version: options.version ?? '1',
      description: 'Every model of the catalog with its facts and their provenance. Prices in USD per million tokens; a flag is true, false or "unknown".',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: options.serverUrl ?? '/catalog' }],
    paths: {
      '/models': {
        get: {
          operationId: 'listModels',
          summary: 'List models, filtered',
          parameters: listParameters(),
          responses: { '200': { description: 'The models every filter lets through, in catalog order.', content: json('ModelList') }, '400': error('A bad filter, naming the field.') },
        },
      },
      '/models/{id}': {
        get: {
          operationId: 'getModel',
          summary: 'Get one model',
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: '`provider:model`, `provider:alias`, or a bare id only one provider has; URL-encoded (ids may hold `/`).',
              schema: { type: 'string', minLength: 1 },
            },
          ],
          responses: {
            '200': { description: 'The model.', content: json('ModelRecord') },
            '400': error('A bare id several providers have (the candidates are in `details`).'),
            '404': error('No such model.'),
          },
        },
      },
      '/compare': {
        get: {
          operationId: 'compareModels',
          summary: 'Compare several models side by side',
          parameters: [
            { name: 'ids', in: 'query', required: true, style: 'form', explode: false, description: 'Model ids, comma separated.', schema: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } },
          ],
          responses: { '200': { description: 'The models, in the order asked.', content: json('ModelList') }, '400': error('No ids, or an ambiguous one.'), '404': error('An id that is not in the catalog.') },
        },
      },
      '/sources': {
        get: { operationId: 'listSources', summary: 'Where the facts come from', responses: { '200': { description: 'The sources with their dates and versions.', content: json('SourceList') } } },
      },
    },
    components: { schemas: componentSchemas() },
  };
}
