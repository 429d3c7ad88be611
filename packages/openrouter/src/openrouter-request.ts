import type { TransportRequest } from '@llm/core';
import { parseOpenRouterCallOptions, type ProviderRouting } from './openrouter-settings.js';

/** Provider routing preferences in OpenRouter's wire form (snake_case). */
export function toWireRouting(routing: ProviderRouting): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (routing.order) out.order = routing.order;
  if (routing.only) out.only = routing.only;
  if (routing.ignore) out.ignore = routing.ignore;
  if (routing.allowFallbacks !== undefined) out.allow_fallbacks = routing.allowFallbacks;
  if (routing.requireParameters !== undefined) out.require_parameters = routing.requireParameters;
  if (routing.dataCollection) out.data_collection = routing.dataCollection;
  if (routing.zdr !== undefined) out.zdr = routing.zdr;
  if (routing.quantizations) out.quantizations = routing.quantizations;
  if (routing.sort) out.sort = routing.sort;
  if (routing.maxPrice) out.max_price = { ...routing.maxPrice };
  return out;
}

export interface OpenRouterBodyDefaults {
  models?: string[] | undefined;
  routing?: ProviderRouting | undefined;
}

/**
 * The body fields OpenRouter adds to every call: the `models` fallback list, the `provider`
 * routing preferences (the settings' `routing`, overridden field by field by the call's
 * `providerOptions.openrouter.provider`), and `usage: { include: true }` so every reply carries
 * its token counts and its cost.
 */
export function createOpenRouterBody(defaults: OpenRouterBodyDefaults): (request: TransportRequest) => Record<string, unknown> {
  const base: Record<string, unknown> = { usage: { include: true } };
  if (defaults.models) base.models = defaults.models;
  if (defaults.routing) base.provider = toWireRouting(defaults.routing);
  return (request) => {
    const raw = request.providerOptions?.openrouter;
    if (!raw) return base;
    const own = parseOpenRouterCallOptions(raw);
    const out: Record<string, unknown> = { ...base };
    if (own.models) out.models = own.models;
    if (own.provider) out.provider = toWireRouting({ ...defaults.routing, ...own.provider });
    if (raw.usage !== undefined) out.usage = raw.usage;
    return out;
  };
}
