/**
 * What a user writes after `npm install @llm/core @llm/<provider> zod`, run against the fake
 * vendor server the release check started (its URL and key arrive in LLM_RELEASE_CHECK):
 * a chat, a stream, a tool call with a zod schema, structured output and a typed error.
 * Any mismatch exits non-zero with the reason.
 */
import { defineTool, isLLMError, type ChatResponse, type Message, type StreamEvent } from '@llm/core';
import { z } from 'zod';
import { createProvider } from './provider.js';

interface Target {
  baseUrl: string;
  apiKey: string;
  model: string;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`release check: ${what}`);
}

const target = JSON.parse(process.env['LLM_RELEASE_CHECK'] ?? '{}') as Target;
const llm = createProvider({ model: target.model, apiKey: target.apiKey, baseUrl: target.baseUrl, logging: { level: 'silent' } });

const messages: Message[] = [{ role: 'user', content: 'Say hello' }];
const reply: ChatResponse = await llm.chat({ messages });
check(reply.text === 'hello from the fake', `chat text: ${JSON.stringify(reply.text)}`);

const events: StreamEvent[] = [];
const stream = llm.streamChat({ messages });
for await (const event of stream) events.push(event);
const streamed = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
check(streamed === 'streamed from the fake', `streamed text: ${JSON.stringify(streamed)}`);
check((await stream.response).text === streamed, 'stream.response matches the deltas');

const weather = defineTool({ name: 'get_weather', description: 'The weather in a city', parameters: z.object({ city: z.string() }) });
const asked = await llm.chat({ messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [weather] });
const call = asked.toolCalls[0];
check(call?.name === 'get_weather' && JSON.stringify(call.arguments) === '{"city":"Paris"}', `tool call: ${JSON.stringify(asked.toolCalls)}`);

const { object } = await llm.chat({ messages: [{ role: 'user', content: 'Ada as JSON' }], output: z.object({ name: z.string(), born: z.number() }) });
const born: number = object.born;
check(object.name === 'Ada' && born === 1815, `structured output: ${JSON.stringify(object)}`);

try {
  await llm.chat({ messages });
  check(false, 'the scripted authentication error was not raised');
} catch (err) {
  check(isLLMError(err) && err.code === 'authentication', `error: ${String(err)}`);
}

console.log(JSON.stringify({ ok: true, node: process.version, module: 'esm' }));
