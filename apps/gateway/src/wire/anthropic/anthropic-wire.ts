import type { WireFormat } from '../wire-format.js';
import { parseAnthropicMessagesRequest } from './anthropic-messages-request.js';
import { toAnthropicMessage } from './anthropic-messages-response.js';
import { AnthropicMessagesStreamEncoder } from './anthropic-messages-stream.js';
import { anthropicErrorReply } from './anthropic-error-reply.js';

/** Anthropic's Messages wire format (`POST /v1/messages`). */
export const anthropicWire: WireFormat = {
  name: 'anthropic',
  parseRequest: parseAnthropicMessagesRequest,
  responseBody: toAnthropicMessage,
  streamEncoder: (context) => new AnthropicMessagesStreamEncoder(context),
  errorReply: anthropicErrorReply,
};
