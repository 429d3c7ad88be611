import type { CAPABILITIES } from '@llm/catalog';

/**
 * Short names a terminal user types for the catalog's capabilities and input modalities. A
 * capability's own name (`toolCalling`) works too.
 */
export const SHORT: Record<string, { capability?: (typeof CAPABILITIES)[number]; input?: 'image' | 'pdf' | 'audio' | 'video' }> = {
  tools: { capability: 'toolCalling' },
  'parallel-tools': { capability: 'parallelToolCalls' },
  json: { capability: 'structuredOutput' },
  'structured-output': { capability: 'structuredOutput' },
  'json-mode': { capability: 'jsonMode' },
  reasoning: { capability: 'reasoning' },
  caching: { capability: 'promptCaching' },
  'web-search': { capability: 'webSearch' },
  vision: { input: 'image' },
  pdf: { input: 'pdf' },
  audio: { input: 'audio' },
  video: { input: 'video' },
};
