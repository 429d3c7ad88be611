import type { Facts } from '../../src/record/index.js';
import type { OpenRouterModel } from './models-dev-schema.js';

/** OpenRouter prices are USD per token as decimal strings; "-1" means "varies" (unknown). */
function perMTok(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) return undefined;
  return Number((n * 1_000_000).toPrecision(12));
}

function perCall(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const MODALITY: Record<string, string> = { text: 'text', image: 'image', file: 'pdf', audio: 'audio', video: 'video' };
function modalities(list: string[] | undefined): string[] | undefined {
  return list ? [...new Set(list.map((m) => MODALITY[m] ?? m))] : undefined;
}

const day = (value: string | null | undefined): string | undefined => (value ? value.slice(0, 10) : undefined);
const positive = (n: number | null | undefined): number | undefined => (typeof n === 'number' && n > 0 ? n : undefined);

/**
 * What OpenRouter's own listing says about one of its models. `supported_parameters` is the full
 * list of request parameters OpenRouter forwards for the model, so a core parameter missing from it
 * (tools, response_format, structured_outputs, reasoning, temperature) is a stated false; the rarely
 * listed ones (parallel_tool_calls, web_search_options) are only ever evidence for true.
 */
export function openRouterFacts(entry: OpenRouterModel): Facts {
  const params = new Set(entry.supported_parameters ?? []);
  const listed = entry.supported_parameters !== undefined;
  const stated = (name: string): boolean | undefined => (params.has(name) ? true : listed ? false : undefined);
  const pricing = entry.pricing ?? {};
  const cacheRead = perMTok(pricing.input_cache_read);
  return {
    id: true,
    aliases: entry.canonical_slug && entry.canonical_slug !== entry.id ? [entry.canonical_slug] : undefined,
    displayName: entry.name,
    'status.retiresOn': day(entry.expiration_date),
    // A model with an announced expiry is on its way out.
    'status.value': entry.expiration_date ? 'deprecated' : undefined,
    knowledgeCutoff: day(entry.knowledge_cutoff),
    'limits.context': positive(entry.context_length) ?? positive(entry.top_provider?.context_length),
    'limits.output': positive(entry.top_provider?.max_completion_tokens),
    'modalities.input': modalities(entry.architecture?.input_modalities),
    'modalities.output': modalities(entry.architecture?.output_modalities),
    'capabilities.toolCalling': stated('tools'),
    'capabilities.structuredOutput': stated('structured_outputs'),
    'capabilities.jsonMode': stated('response_format'),
    'capabilities.reasoning': params.has('reasoning') || params.has('include_reasoning') ? true : listed ? false : undefined,
    'capabilities.temperature': stated('temperature'),
    'capabilities.parallelToolCalls': params.has('parallel_tool_calls') ? true : undefined,
    'capabilities.webSearch': params.has('web_search_options') || pricing.web_search !== undefined ? true : undefined,
    'capabilities.promptCaching': cacheRead !== undefined ? true : undefined,
    'prices.input': perMTok(pricing.prompt),
    'prices.output': perMTok(pricing.completion),
    'prices.cachedInput': cacheRead,
    'prices.cacheWrite': perMTok(pricing.input_cache_write),
    'prices.reasoning': perMTok(pricing.internal_reasoning),
    'prices.inputAudio': perMTok(pricing.audio),
    'prices.perRequest': perCall(pricing.request),
    'prices.webSearch': perCall(pricing.web_search),
  };
}

/** The facts a vendor's model file may borrow from OpenRouter's entry for its base model: what the model is, not how OpenRouter serves it. */
export const BASE_MODEL_FACTS = ['displayName', 'knowledgeCutoff', 'limits.context', 'limits.output', 'modalities.input', 'modalities.output'] as const;

/** OpenRouter names models "Vendor: Name"; as a vendor's own model the name is the part after the colon. */
export function baseModelFacts(entry: OpenRouterModel): Facts {
  const all = openRouterFacts(entry);
  const facts: Facts = Object.fromEntries(BASE_MODEL_FACTS.map((p) => [p, all[p]]));
  facts.displayName = entry.name.replace(/^[^:]+:\s*/, '');
  // Capabilities only where OpenRouter says yes: a parameter it does not forward may still work at the vendor.
  for (const path of ['capabilities.toolCalling', 'capabilities.structuredOutput', 'capabilities.jsonMode', 'capabilities.reasoning', 'capabilities.temperature'] as const) {
    if (all[path] === true) facts[path] = true;
  }
  return facts;
}
