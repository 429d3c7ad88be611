export { createGroq, groqModule, groqProviderFactory, type GroqConfig } from './groq-factory.js';
export { createGroqProvider, GROQ_BASE_URL, GROQ_DEFAULT_MODEL, type GroqProviderSettings } from './groq-provider.js';
export {
  GroqSettingsSchema,
  GROQ_SERVICE_TIERS,
  GROQ_REASONING_FORMATS,
  parseGroqSettings,
  groqSettingsIssues,
  type GroqSettings,
} from './groq-settings.js';
export { mapGroqError } from './groq-error.js';
export {
  groqChunkMetadata,
  groqChunkUsage,
  groqCompletionMetadata,
  groqStreamMetadata,
  readGroqTimings,
  type GroqMetadata,
  type GroqTimings,
  type GroqUsage,
  type XGroq,
} from './groq-metadata.js';
