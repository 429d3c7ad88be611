import { withPriceOverrides, type PriceInput, type PriceTable } from '@llm/core';
import type { ModelOptions } from './config/gateway-config-schema.js';
import type { ResolvedGatewayConfig } from './config/gateway-config-load.js';

function pricesOf(options: ModelOptions | undefined): Record<string, PriceInput> {
  return (options?.cost?.prices as Record<string, PriceInput> | undefined) ?? {};
}

/**
 * The prices the per-key budgets reserve at: the catalog's, under every `cost.prices` the config
 * gives (defaults, providers, route targets), so that a model priced only in the config can be
 * bounded too.
 */
export function gatewayPriceTable(config: ResolvedGatewayConfig, catalog: PriceTable): PriceTable | undefined {
  const overrides: Record<string, PriceInput> = { ...pricesOf(config.defaults) };
  for (const provider of Object.values(config.upstreams)) Object.assign(overrides, pricesOf(provider?.options));
  for (const route of Object.values(config.models ?? {})) {
    Object.assign(overrides, pricesOf(route.options));
    for (const target of [...(route.fallback ?? []), ...(route.loadBalance?.targets ?? [])]) Object.assign(overrides, pricesOf(target.options));
  }
  return withPriceOverrides(catalog, overrides);
}
