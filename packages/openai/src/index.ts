export { createOpenAI, openAIModule, openAIProviderFactory, type OpenAIConfig } from './openai-factory.js';
export {
  createOpenAIProvider,
  createOpenAISdkClient,
  listOpenAIModels,
  requireApiKey,
  OPENAI_DEFAULT_MODEL,
  type OpenAIProviderSettings,
} from './openai-provider.js';
export {
  createOpenAICompatibleTransport,
  createOpenAICompatibleChatModel,
  type OpenAICompatibleSettings,
} from './openai-compatible-transport.js';
export { mapOpenAIError } from './openai-error.js';
export { toOpenAIMessages } from './openai-messages.js';
export { toChatCompletionBody, type ChatCompletionBody, type OpenAIRequestOptions } from './openai-request.js';
export { fromChatCompletion, mapOpenAIFinishReason, mapOpenAIUsage, readReasoning, type ResponseContext } from './openai-response.js';
export type { ChunkHooks } from './openai-stream.js';
export { createOpenAITokenCounter, openAITokenCounter, openAIEncodingFor, countOpenAITokens, type OpenAIEncoding } from './openai-token-counter.js';
