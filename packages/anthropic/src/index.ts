export { createAnthropic, anthropicModule, anthropicProviderFactory, type AnthropicConfig } from './anthropic-factory.js';
export {
  createAnthropicProvider,
  createAnthropicSdkClient,
  listAnthropicModels,
  toModelInfo,
  type AnthropicProviderSettings,
} from './anthropic-provider.js';
export { createAnthropicTransport, createAnthropicChatModel, type AnthropicTransportSettings } from './anthropic-transport.js';
export {
  ANTHROPIC_DEFAULT_MODEL,
  DEFAULT_MAX_TOKENS,
  FALLBACK_MAX_TOKENS,
  STRUCTURED_OUTPUT_TOOL,
  defaultMaxTokens,
  type AnthropicStructuredOutputMode,
} from './anthropic-config.js';
export { mapAnthropicError } from './anthropic-error.js';
export { toAnthropicMessages, toolResultContent, ANTHROPIC_IMAGE_TYPES, type AnthropicPrompt, type AnthropicTurn } from './anthropic-messages.js';
export { toMessagesBody, toAnthropicToolChoice, type MessagesBody, type AnthropicRequestOptions, type AnthropicRequestPlan } from './anthropic-request.js';
export { fromMessage, checkAnthropicUsage, mapAnthropicStopReason, mapAnthropicUsage, mergeAnthropicUsage, toolInput, type AnthropicUsageFields, type ResponseContext } from './anthropic-response.js';
export { createAnthropicTokenCounter, createAnthropicEstimateCounter, anthropicTokenCounterFactory, countAnthropicTokens } from './anthropic-token-counter.js';
