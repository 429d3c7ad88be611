import { createEstimateTokenCounter, type TokenCounter } from '@llm/core';
import type { ChatRequest } from '@llm/schema';
import type { Modality, NeedableCapability } from './candidate.js';
import type { TaskNeeds } from './task-profile.js';

const estimator = createEstimateTokenCounter({ name: 'recommend-estimate' });

/**
 * The needs of a concrete request, on top of a profile's: tools need tool calling, `output` or a
 * `json_schema` response format needs structured output, `json` needs JSON mode, image parts need
 * image input; the prompt is counted (an estimate unless you pass a tokenizer) and the output is
 * the request's `maxTokens`, or the profile's typical output when the request sets none.
 */
export async function requestNeeds(request: ChatRequest<unknown>, base: TaskNeeds, counter: Pick<TokenCounter, 'countRequest'> = estimator): Promise<TaskNeeds> {
  const capabilities = new Set<NeedableCapability>(base.capabilities);
  if (request.tools && request.tools.length > 0) capabilities.add('toolCalling');
  if (request.output !== undefined || request.responseFormat?.type === 'json_schema') capabilities.add('structuredOutput');
  else if (request.responseFormat?.type === 'json') capabilities.add('jsonMode');
  const modalities = new Set<Modality>(base.inputModalities);
  for (const message of request.messages) {
    if (message.role === 'user' && typeof message.content !== 'string' && message.content.some((part) => part.type === 'image')) modalities.add('image');
  }
  const { tokens } = await counter.countRequest(request);
  const outputTokens = request.maxTokens ?? base.outputTokens;
  return {
    capabilities: [...capabilities],
    inputModalities: [...modalities],
    inputTokens: tokens,
    outputTokens,
    cachedInputShare: base.cachedInputShare,
    minContext: tokens + outputTokens,
  };
}
