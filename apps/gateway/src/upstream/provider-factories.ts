import type { ProviderFactory } from '@llm/core';
import type { GatewayProviderName } from '../config/gateway-providers.js';

/**
 * Each vendor's factory, imported only when that vendor is configured: a gateway serving one
 * vendor never loads the others' SDKs.
 */
export async function loadProviderFactory(name: GatewayProviderName): Promise<ProviderFactory> {
  switch (name) {
    case 'openai':
      return (await import('@llm/openai')).openAIProviderFactory;
    case 'anthropic':
      return (await import('@llm/anthropic')).anthropicProviderFactory;
    case 'google':
      return (await import('@llm/google')).googleProviderFactory;
    case 'groq':
      return (await import('@llm/groq')).groqProviderFactory;
    case 'openrouter':
      return (await import('@llm/openrouter')).openRouterProviderFactory;
  }
}
