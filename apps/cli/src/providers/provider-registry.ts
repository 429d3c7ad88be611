import type { ProviderFactory } from '@llm/core';
import type { FakeServer } from '@llm/mocks';

/** The five vendors the CLI speaks to, by the framework's provider name. */
export const PROVIDER_NAMES = ['openai', 'anthropic', 'google', 'groq', 'openrouter'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** One vendor: where its key and base URL come from, and how to load its package (lazily). */
export interface ProviderEntry {
  name: ProviderName;
  /** Environment variables holding the key, first set wins. */
  keyVariables: readonly string[];
  /** The environment variable holding a base URL. */
  baseUrlVariable: string;
  /** The vendor's name for people. */
  label: string;
  /** Loads the provider package: its factory and default model. */
  load(): Promise<{ factory: ProviderFactory; defaultModel: string }>;
  /** Starts the built-in mock of this vendor: its fake server from @llm/mocks on 127.0.0.1. */
  startFake(): Promise<FakeServer>;
}

export const PROVIDERS: Readonly<Record<ProviderName, ProviderEntry>> = {
  openai: {
    name: 'openai',
    label: 'OpenAI',
    keyVariables: ['OPENAI_API_KEY'],
    baseUrlVariable: 'OPENAI_BASE_URL',
    load: async () => {
      const m = await import('@llm/openai');
      return { factory: m.openAIProviderFactory, defaultModel: m.OPENAI_DEFAULT_MODEL };
    },
    startFake: async () => (await import('@llm/mocks')).startFakeOpenAIServer(),
  },
  anthropic: {
    name: 'anthropic',
    label: 'Anthropic',
    keyVariables: ['ANTHROPIC_API_KEY'],
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    load: async () => {
      const m = await import('@llm/anthropic');
      return { factory: m.anthropicProviderFactory, defaultModel: m.ANTHROPIC_DEFAULT_MODEL };
    },
    startFake: async () => (await import('@llm/mocks')).startFakeAnthropicServer(),
  },
  google: {
    name: 'google',
    label: 'Gemini',
    keyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    baseUrlVariable: 'GEMINI_BASE_URL',
    load: async () => {
      const m = await import('@llm/google');
      return { factory: m.googleProviderFactory, defaultModel: m.GOOGLE_DEFAULT_MODEL };
    },
    startFake: async () => (await import('@llm/mocks')).startFakeGoogleServer(),
  },
  groq: {
    name: 'groq',
    label: 'Groq',
    keyVariables: ['GROQ_API_KEY'],
    baseUrlVariable: 'GROQ_BASE_URL',
    load: async () => {
      const m = await import('@llm/groq');
      return { factory: m.groqProviderFactory, defaultModel: m.GROQ_DEFAULT_MODEL };
    },
    startFake: async () => (await import('@llm/mocks')).startFakeGroqServer(),
  },
  openrouter: {
    name: 'openrouter',
    label: 'OpenRouter',
    keyVariables: ['OPENROUTER_API_KEY'],
    baseUrlVariable: 'OPENROUTER_BASE_URL',
    load: async () => {
      const m = await import('@llm/openrouter');
      return { factory: m.openRouterProviderFactory, defaultModel: m.OPENROUTER_DEFAULT_MODEL };
    },
    startFake: async () => (await import('@llm/mocks')).startFakeOpenRouterServer(),
  },
};

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}
