import { REMOVE, type BadShapeTable } from './fake-bad-shapes.js';

const NULL_REPLY = { body: { replace: null }, stream: { insert: null } };
const FOREIGN_REPLY = { body: { replace: { foo: 1 } }, stream: { insert: { foo: 1 } } };

/** Chat Completions (OpenAI, Groq, OpenRouter) broken in each way. */
export const OPENAI_BAD_SHAPES: BadShapeTable = {
  frame: (chunk) => `data: ${JSON.stringify(chunk)}\n\n`,
  recipes: {
    'null-reply': NULL_REPLY,
    'foreign-reply': FOREIGN_REPLY,
    'text-not-string': { body: { path: ['choices', 0, 'message', 'content'], value: 42 }, stream: { path: ['choices', 0, 'delta', 'content'], value: 42 } },
    'answer-not-list': { body: { path: ['choices'], value: 'x' }, stream: { path: ['choices'], value: 'x' } },
    'calls-not-list': { body: { path: ['choices', 0, 'message', 'tool_calls'], value: 'x' }, stream: { path: ['choices', 0, 'delta', 'tool_calls'], value: 'x' } },
    'call-without-name': {
      body: { path: ['choices', 0, 'message', 'tool_calls', 0, 'function', 'name'], value: REMOVE },
      stream: { path: ['choices', 0, 'delta', 'tool_calls', 0, 'function', 'name'], value: REMOVE },
    },
    'usage-not-numbers': { body: { path: ['usage', 'prompt_tokens'], value: 'many' }, stream: { path: ['usage', 'prompt_tokens'], value: 'many' } },
  },
};

/** The Messages API broken in each way (a stream's inserted chunk travels as a `content_block_delta` event). */
export const ANTHROPIC_BAD_SHAPES: BadShapeTable = {
  frame: (chunk) => `event: content_block_delta\ndata: ${JSON.stringify(chunk)}\n\n`,
  recipes: {
    'null-reply': NULL_REPLY,
    'foreign-reply': FOREIGN_REPLY,
    'text-not-string': { body: { path: ['content', '*', 'text'], value: 42 }, stream: { path: ['delta', 'text'], value: 42 } },
    'answer-not-list': { body: { path: ['content'], value: 'x' }, stream: { path: ['content_block'], value: 'x' } },
    'calls-not-list': { body: { path: ['content', '*', 'input'], value: 'x' }, stream: { path: ['delta', 'partial_json'], value: 42 } },
    'call-without-name': { body: { path: ['content', '*', 'name'], value: REMOVE }, stream: { path: ['content_block', 'name'], value: REMOVE } },
    'usage-not-numbers': { body: { path: ['usage', 'input_tokens'], value: 'many' }, stream: { path: ['message', 'usage', 'input_tokens'], value: 'many' } },
  },
};

const GEMINI_PARTS = ['candidates', 0, 'content', 'parts'] as const;

/** `generateContent` broken in each way (Gemini's `candidates: "x"` among them). */
export const GOOGLE_BAD_SHAPES: BadShapeTable = {
  frame: (chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`,
  recipes: {
    'null-reply': NULL_REPLY,
    'foreign-reply': FOREIGN_REPLY,
    'text-not-string': { body: { path: [...GEMINI_PARTS, '*', 'text'], value: 42 }, stream: { path: [...GEMINI_PARTS, '*', 'text'], value: 42 } },
    'answer-not-list': { body: { path: ['candidates'], value: 'x' }, stream: { path: ['candidates'], value: 'x' } },
    'calls-not-list': { body: { path: GEMINI_PARTS, value: 'x' }, stream: { path: GEMINI_PARTS, value: 'x' } },
    'call-without-name': {
      body: { path: [...GEMINI_PARTS, '*', 'functionCall', 'name'], value: REMOVE },
      stream: { path: [...GEMINI_PARTS, '*', 'functionCall', 'name'], value: REMOVE },
    },
    'usage-not-numbers': { body: { path: ['usageMetadata', 'promptTokenCount'], value: 'many' }, stream: { path: ['usageMetadata', 'promptTokenCount'], value: 'many' } },
  },
};
