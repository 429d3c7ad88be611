export { createGoogle, googleModule, googleProviderFactory, type GoogleConfig } from './google-factory.js';
export {
  createGoogleProvider,
  createGoogleSdkClient,
  listGoogleModels,
  resolveGoogleApiKey,
  toModelInfo,
  GOOGLE_DEFAULT_MODEL,
  type GoogleProviderSettings,
} from './google-provider.js';
export { createGoogleTransport, createGoogleChatModel, bareModelId, type GoogleTransportSettings } from './google-transport.js';
export {
  mapGoogleError,
  errorFromGoogleReply,
  parseApiErrorBody,
  readGoogleErrorBody,
  type GoogleErrorInfo,
  type GoogleErrorContext,
} from './google-error.js';
export { toGeminiMessages, toFunctionResponse, type GeminiMessages, type GeminiMessageOptions } from './google-messages.js';
export { toGenerateContentParams, type GoogleRequestOptions } from './google-request.js';
export {
  fromGenerateContentResponse,
  mapGeminiFinishReason,
  mapGeminiUsage,
  promptBlockedError,
  replyFilteredError,
  FILTERED_FINISH_REASONS,
} from './google-response.js';
export { googleSdkFetch } from './google-fetch.js';
export type { ResponseContext } from './google-response.js';
export { ThoughtSignatures, isGeneratedToolCallId, toolCallId, GENERATED_ID_PREFIX } from './google-tool-calls.js';
export { createGoogleTokenCounter, createGoogleEstimateCounter, googleTokenCounterFactory, countGoogleTokens } from './google-token-counter.js';
