export { TRACER_NAME, TRACER_VERSION, isGlobalTracingNoop, tracerResolver, type TracerSource } from './tracer.js';
export {
  startChatSpan,
  endChatSpan,
  failChatSpan,
  markFirstChunk,
  contextWithSpan,
  runInContext,
  activeContext,
  type ChatSpanInfo,
  type ChatSpanOptions,
} from './chat-span.js';
export { inputContentAttributes, outputContentAttribute, systemInstructionsPlacement, type ContentAttributes, type SystemInstructionsPlacement } from './gen-ai-content.js';
export { GEN_AI_SPAN_ATTRIBUTES, LLM_SPAN_ATTRIBUTES, OPENAI_SPAN_ATTRIBUTES, FIRST_CHUNK_EVENT, RETRY_EVENT, genAiProviderName } from './gen-ai-span-attributes.js';
export { contextWithInferenceSpan, noteRetry, type RetryNote } from './inference-span.js';
export { activeTraceCorrelation, type TraceCorrelation } from './log-correlation.js';
export { createAsyncContextManager } from './async-context-manager.js';
export { openCallScope, noteAttemptSpan, type CallScope } from './call-scope.js';
