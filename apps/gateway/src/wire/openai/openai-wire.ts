import type { WireFormat } from '../wire-format.js';
import { parseOpenAIChatRequest } from './openai-chat-request.js';
import { toOpenAIChatCompletion } from './openai-chat-response.js';
import { OpenAIChatStreamEncoder } from './openai-chat-stream.js';
import { openAIErrorReply } from './openai-error-reply.js';

/** OpenAI's Chat Completions wire format (`POST /v1/chat/completions`). */
export const openAIWire: WireFormat = {
  name: 'openai',
  parseRequest: parseOpenAIChatRequest,
  responseBody: toOpenAIChatCompletion,
  streamEncoder: (context) => new OpenAIChatStreamEncoder(context),
  errorReply: openAIErrorReply,
};
