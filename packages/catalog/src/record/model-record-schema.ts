import { builtSchema, lazySchema } from '@llm/schema';
import { z } from 'zod';

/** A date as sources give it: a day (`2025-09-29`) or only a month (`2025-01`, for knowledge cut-offs). */
export const PartialDateSchema = lazySchema(() => z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'expected a date YYYY-MM-DD or YYYY-MM')
  .describe('A date, YYYY-MM-DD, or YYYY-MM when the source gives only the month.'));

/** A day or an instant: when a fact was last verified (a snapshot's day, the moment a live listing was read). */
export const VerifiedAtSchema = lazySchema(() => z
  .union([builtSchema(PartialDateSchema), z.iso.datetime({ offset: true })])
  .describe('When the fact was last verified: a day, or an ISO 8601 instant.'));

/** A capability flag: true, false or unknown. A source that does not say gives "unknown", never a silent false. */
export const FlagSchema = lazySchema(() => z.union([z.boolean(), z.literal('unknown')]).describe('true, false or "unknown" (no source says).'));

/** What a model can take as input (and give, except embeddings). */
export const INPUT_MODALITIES = ['text', 'image', 'pdf', 'audio', 'video'] as const;
/** Every modality; `embedding` is only an output: an embedding model gives vectors, not text. */
export const MODALITIES = [...INPUT_MODALITIES, 'embedding'] as const;
export const ModalitySchema = lazySchema(() => z.enum(MODALITIES));

export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const ProviderIdSchema = lazySchema(() => z.string().regex(PROVIDER_ID_PATTERN, 'expected a provider id such as "openai"'));

export const MODEL_STATUSES = ['active', 'preview', 'deprecated'] as const;
export const StatusSchema = lazySchema(() => z
  .object({
    value: z.enum(MODEL_STATUSES),
    deprecatedOn: builtSchema(PartialDateSchema).nullable().describe('When the vendor deprecated it, if known.'),
    retiresOn: builtSchema(PartialDateSchema).nullable().describe('When the vendor stops serving it, if announced.'),
  })
  .strict());

/** Token limits; null where no source says. */
export const LimitsSchema = lazySchema(() => z
  .object({
    context: z.number().int().positive().nullable().describe('Context window in tokens (input + output).'),
    input: z.number().int().positive().nullable().describe('Most input tokens, where smaller than the context window.'),
    output: z.number().int().positive().nullable().describe('Most output tokens per reply.'),
  })
  .strict());

/** What goes in and comes out; null where no source says. */
export const ModalitiesSchema = lazySchema(() => z
  .object({
    input: z.array(builtSchema(ModalitySchema)).nullable(),
    output: z.array(builtSchema(ModalitySchema)).nullable(),
  })
  .strict());

export const CAPABILITIES = [
  'toolCalling',
  'parallelToolCalls',
  'streamedToolArguments',
  'structuredOutput',
  'jsonMode',
  'reasoning',
  'temperature',
  'systemMessages',
  'promptCaching',
  'webSearch',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const capabilityDescriptions: Record<Capability, string> = {
  toolCalling: 'Calls tools (functions).',
  parallelToolCalls: 'Several tool calls in one turn.',
  streamedToolArguments: "Tool-call arguments arrive as they are generated when streaming.",
  structuredOutput: 'Output constrained to a JSON Schema.',
  jsonMode: 'Plain JSON mode (valid JSON, no schema).',
  reasoning: 'Thinks before answering (reasoning tokens).',
  temperature: 'Accepts a sampling temperature.',
  systemMessages: 'Accepts system (developer) instructions.',
  promptCaching: 'Reads input from a prompt cache at a lower price.',
  webSearch: 'Can search the web as part of a reply.',
};

export const CapabilitiesSchema = lazySchema(() => z
  .object(Object.fromEntries(CAPABILITIES.map((c) => [c, builtSchema(FlagSchema).describe(capabilityDescriptions[c])])) as Record<Capability, typeof FlagSchema>)
  .strict());

/** How reasoning is controlled, when the model reasons: effort levels, a token budget, an on/off switch. */
export const ReasoningControlsSchema = lazySchema(() => z
  .object({
    effort: z.array(z.string().min(1)).describe('Effort levels it accepts (e.g. low, medium, high); empty when none.'),
    budgetTokens: z
      .object({ min: z.number().int().nonnegative().nullable(), max: z.number().int().positive().nullable() })
      .strict()
      .nullable()
      .describe('The thinking budget in tokens it accepts, if it takes one.'),
    toggle: z.boolean().describe('Whether reasoning can be switched on and off.'),
  })
  .strict());

const usdPerMTok = lazySchema(() => z.number().nonnegative());

/** Long-context prices: once a request's input passes `aboveInputTokens`, the whole request is priced at these rates. */
export const PriceTierSchema = lazySchema(() => z
  .object({
    aboveInputTokens: z.number().int().positive(),
    input: builtSchema(usdPerMTok).nullable(),
    output: builtSchema(usdPerMTok).nullable(),
    cachedInput: builtSchema(usdPerMTok).nullable(),
    cacheWrite: builtSchema(usdPerMTok).nullable(),
  })
  .strict());

/** Prices in US dollars per million tokens (per call or per request where said); null where no source says. */
export const PricesSchema = lazySchema(() => z
  .object({
    input: builtSchema(usdPerMTok).nullable(),
    output: builtSchema(usdPerMTok).nullable(),
    cachedInput: builtSchema(usdPerMTok).nullable().describe('Input read from the prompt cache.'),
    cacheWrite: builtSchema(usdPerMTok).nullable().describe('Input written to the prompt cache.'),
    reasoning: builtSchema(usdPerMTok).nullable().describe('Reasoning output, where priced apart from output.'),
    inputAudio: builtSchema(usdPerMTok).nullable().describe('Audio input, where priced apart from text.'),
    perRequest: z.number().nonnegative().nullable().describe('A fixed fee per request, in USD.'),
    webSearch: z.number().nonnegative().nullable().describe('A fee per web search, in USD.'),
    tiers: z.array(builtSchema(PriceTierSchema)).describe('Long-context tiers, lowest threshold first.'),
  })
  .strict());

export const SOURCE_KINDS = ['models.dev', 'openrouter-api', 'genai-prices', 'live', 'override'] as const;

/** Where facts come from: a dated snapshot, a versioned package, a live listing, a user's override. */
export const SourceSchema = lazySchema(() => z
  .object({
    id: z.string().min(1).describe('How facts name this source (e.g. "models.dev", "live:openai").'),
    kind: z.enum(SOURCE_KINDS),
    title: z.string().min(1),
    version: z.string().nullable().describe('A package version or a commit, where the source has one.'),
    asOf: builtSchema(VerifiedAtSchema).describe('The date of the snapshot, release or listing.'),
    url: z.string().nullable(),
    licence: z.string().nullable(),
  })
  .strict());

/** A group of facts of one record that one source gave, verified at one time. */
export const ProvenanceSchema = lazySchema(() => z
  .object({
    source: z.string().min(1).describe('The id of a source of the catalog.'),
    verifiedAt: builtSchema(VerifiedAtSchema),
    via: z.string().nullable().describe('Another entry of the source the facts were taken from (a base model), if any.'),
    facts: z.array(z.string().min(1)).min(1).describe('Fact paths, e.g. "limits.context", "capabilities.toolCalling", "prices.input".'),
  })
  .strict());

export const ModelRecordSchema = lazySchema(() => z
  .object({
    id: z.string().min(3).describe('provider:model, the id the framework uses.'),
    provider: builtSchema(ProviderIdSchema),
    model: z.string().min(1).describe("The vendor's model id."),
    aliases: z.array(z.string().min(1)).describe('Other model ids of the same provider that name this model.'),
    displayName: z.string().nullable(),
    family: z.string().nullable(),
    status: builtSchema(StatusSchema),
    releaseDate: builtSchema(PartialDateSchema).nullable(),
    lastUpdated: builtSchema(PartialDateSchema).nullable(),
    knowledgeCutoff: builtSchema(PartialDateSchema).nullable(),
    openWeights: builtSchema(FlagSchema),
    limits: builtSchema(LimitsSchema),
    modalities: builtSchema(ModalitiesSchema),
    capabilities: builtSchema(CapabilitiesSchema),
    reasoningControls: builtSchema(ReasoningControlsSchema).nullable(),
    prices: builtSchema(PricesSchema),
    provenance: z.array(builtSchema(ProvenanceSchema)).min(1).describe('Where each known fact came from and when it was last verified.'),
  })
  .strict()
  .superRefine((record, ctx) => {
    if (record.id !== `${record.provider}:${record.model}`) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `expected "${record.provider}:${record.model}" (provider:model)` });
    }
  }));

export type PartialDate = z.infer<typeof PartialDateSchema>;
export type Flag = z.infer<typeof FlagSchema>;
export type Modality = z.infer<typeof ModalitySchema>;
export type ModelStatus = z.infer<typeof StatusSchema>;
export type Limits = z.infer<typeof LimitsSchema>;
export type Modalities = z.infer<typeof ModalitiesSchema>;
export type Capabilities = z.infer<typeof CapabilitiesSchema>;
export type ReasoningControls = z.infer<typeof ReasoningControlsSchema>;
export type PriceTier = z.infer<typeof PriceTierSchema>;
export type Prices = z.infer<typeof PricesSchema>;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type Source = z.infer<typeof SourceSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;
export type ModelRecord = z.infer<typeof ModelRecordSchema>;
