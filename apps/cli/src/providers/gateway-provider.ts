import { runHealthCheck, type PriceTable, type Provider } from '@llm/core';
import type { Usage } from '@llm/schema';
import { createOpenAICompatibleChatModel, createOpenAISdkClient, listOpenAIModels, mapOpenAIUsage } from '@llm/openai';

/** The gateway's `usage`: OpenAI's, with what the call cost in USD when the gateway knows its price. */
interface GatewayUsage {
  cost?: number;
}

/**
 * An llm-gateway as a provider: OpenAI's Chat Completions wire at `URL/v1`, models named
 * `provider:model` (or the gateway's own names), and the cost the gateway reports on each reply
 * taken as the call's cost (`source: 'provider'`).
 */
export function createGatewayProvider(settings: { url: string; apiKey: string | undefined; timeoutMs?: number | undefined }): Provider {
  const client = createOpenAISdkClient({
    // The gateway needs no key on loopback; the SDK needs a string.
    apiKey: settings.apiKey ?? 'no-key',
    baseUrl: `${settings.url.replace(/\/+$/, '')}/v1`,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
  });
  // All of OpenAI's arguments passed on (the usage, and where a reply came from when it is checked).
  const mapUsage = (...args: Parameters<typeof mapOpenAIUsage>): Usage => {
    const out = mapOpenAIUsage(...args);
    const cost = (args[0] as GatewayUsage).cost;
    if (typeof cost === 'number' && Number.isFinite(cost) && cost >= 0) out.cost = { totalUsd: cost, source: 'provider' };
    return out;
  };
  return {
    name: 'gateway',
    chatModel: (modelId) =>
      createOpenAICompatibleChatModel({
        provider: 'gateway',
        client,
        modelId,
        // Options given with -o go into the body as they are, as for OpenAI.
        providerOptionsKey: 'openai',
        mapUsage,
      }),
    listModels: (options) => listOpenAIModels(client, 'gateway', options?.signal),
    checkHealth: (options) => runHealthCheck('gateway', () => listOpenAIModels(client, 'gateway', options?.signal)),
  };
}

/**
 * Prices for models asked of a gateway (`gateway` / `openai:gpt-4o`): those of the model behind
 * the name, so that --max-cost can bound a call before it is sent.
 */
export function gatewayPrices(prices: PriceTable): PriceTable {
  return {
    lookup: (provider, model, at) => {
      if (provider !== 'gateway') return prices.lookup(provider, model, at);
      const colon = model.indexOf(':');
      return colon > 0 ? prices.lookup(model.slice(0, colon), model.slice(colon + 1), at) : undefined;
    },
  };
}
