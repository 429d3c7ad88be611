/**
 * The same chat, stream and tool call through all five providers, offline: each provider's real
 * vendor SDK talks HTTP to that vendor's fake server from @llm/mocks on 127.0.0.1.
 *
 *   1) the public factories: createOpenAI, createAnthropic, createGoogle, createGroq, createOpenRouter
 *   2) the DI route: coreModule() + each provider's module in one inversify container,
 *      then resolveClientFromContainer(container, 'anthropic:claude-haiku-4-5') and so on
 *   3) a model family (Llama 3.3 70B) switched from Groq to OpenRouter with withProvider()
 */
import { createAnthropic, anthropicModule } from '@llm/anthropic';
import { coreModule, defineModelFamily, resolveClientFromContainer, withApiKey, withBaseUrl, type LLMClient } from '@llm/core';
import { isLLMError } from '@llm/errors';
import { createGoogle, googleModule } from '@llm/google';
import { createGroq, groqModule, groqProviderFactory } from '@llm/groq';
import {
  startFakeAnthropicServer,
  startFakeGoogleServer,
  startFakeGroqServer,
  startFakeOpenAIServer,
  startFakeOpenRouterServer,
  type FakeServer,
  type Scenario,
} from '@llm/mocks';
import { createOpenAI, openAIModule } from '@llm/openai';
import { createOpenRouter, openRouterModule, openRouterProviderFactory } from '@llm/openrouter';
import { defineTool, type ChatResponse, type Message } from '@llm/schema';
import { z } from 'zod';
import { Container } from 'inversify';

/** Where the example prints; stdout by default. */
export interface ProvidersOutput {
  log(line: string): void;
}

const stdout: ProvidersOutput = { log: (line) => console.log(line) };

/** What the factories take here: the fake server's key and base URL, and quiet logs. */
interface ServerConfig {
  apiKey: string;
  baseUrl: string;
  logging: { level: 'silent' };
}

interface Vendor {
  name: 'openai' | 'anthropic' | 'google' | 'groq' | 'openrouter';
  model: string;
  server: FakeServer;
  /** The provider's public factory. */
  create(config: ServerConfig & { model: string }): LLMClient;
}

const weatherTool = defineTool({
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: z.object({ city: z.string().describe('City name'), unit: z.enum(['c', 'f']).default('c') }),
});

/** The tool's implementation: runs locally when a model asks for it. */
function getWeather(args: { city: string; unit: 'c' | 'f' }): { city: string; temperature: number; unit: string; sky: string } {
  const celsius = 4 + (args.city.length % 9);
  return { city: args.city, temperature: args.unit === 'f' ? Math.round(celsius * 1.8 + 32) : celsius, unit: args.unit, sky: 'partly cloudy' };
}

/** What every fake server answers to part 1, in order: a chat, a stream, a tool call and the answer that uses it. */
const conversation: Scenario[] = [
  { kind: 'text', text: 'Paris is the capital of France.', usage: { inputTokens: 14, outputTokens: 8 } },
  { kind: 'text', text: 'One, two, three, four, five.', usage: { inputTokens: 12, outputTokens: 11 } },
  { kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: { city: 'Lisbon', unit: 'c' } }], usage: { inputTokens: 61, outputTokens: 18 } },
  { kind: 'text', text: 'It is 10°C and partly cloudy in Lisbon.', usage: { inputTokens: 95, outputTokens: 15 } },
];

function config(server: FakeServer): ServerConfig {
  return { apiKey: server.apiKey, baseUrl: server.baseUrl, logging: { level: 'silent' } };
}

function finish(r: ChatResponse<unknown>): string {
  return `${r.finishReason} (vendor: ${r.rawFinishReason ?? 'n/a'}), tokens ${r.usage.inputTokens}/${r.usage.outputTokens}`;
}

/** Where the request's `maxTokens` landed in the body the vendor received. */
function maxTokensField(body: unknown): string {
  const b = (body ?? {}) as Record<string, unknown>;
  const generationConfig = (b.generationConfig ?? {}) as Record<string, unknown>;
  if (b.max_completion_tokens !== undefined) return 'max_completion_tokens';
  if (b.max_tokens !== undefined) return 'max_tokens';
  if (generationConfig.maxOutputTokens !== undefined) return 'generationConfig.maxOutputTokens';
  return '(not sent)';
}

/** The vendor's own extras, as each provider surfaces them. */
function extras(name: Vendor['name'], r: ChatResponse<unknown>): string | undefined {
  const meta = r.providerMetadata ?? {};
  if (name === 'groq') {
    const groq = meta.groq as { timings?: { totalTime?: number }; rateLimit?: { tokens?: { remaining?: number } } } | undefined;
    return `x_groq timings totalTime=${groq?.timings?.totalTime ?? 'n/a'}s, tokens left this minute: ${groq?.rateLimit?.tokens?.remaining ?? 'n/a'}`;
  }
  if (name === 'openrouter') {
    const openrouter = meta.openrouter as { provider?: string } | undefined;
    return `served by ${openrouter?.provider ?? 'n/a'}, cost reported by OpenRouter: $${r.usage.cost?.totalUsd ?? 'n/a'} (${r.usage.cost?.source ?? 'n/a'})`;
  }
  return undefined;
}

/** 1) One chat, one stream and one tool round trip on a client. */
async function runConversation(vendor: Vendor, client: LLMClient, out: ProvidersOutput): Promise<void> {
  const { server } = vendor;
  out.log(`== ${vendor.name}: ${client.provider}:${client.modelId}`);

  const reply = await client.chat({ messages: [{ role: 'user', content: 'What is the capital of France?' }], maxTokens: 64 });
  out.log(`   chat:   "${reply.text}" [${finish(reply)}]`);
  const seen = server.lastRequest();
  out.log(`           sent to ${seen.path} with maxTokens as ${maxTokensField(seen.body)}; request id ${reply.requestId ?? 'none (the vendor sends none)'}`);

  const stream = client.streamChat({ messages: [{ role: 'user', content: 'Count to five.' }] });
  let streamed = '';
  let deltas = 0;
  for await (const event of stream) {
    if (event.type === 'text-delta') {
      streamed += event.text;
      deltas++;
    }
  }
  const streamedReply = await stream.response;
  out.log(`   stream: "${streamed}" in ${deltas} deltas [${finish(streamedReply)}]`);

  const messages: Message[] = [{ role: 'user', content: 'What is the weather in Lisbon right now?' }];
  const first = await client.chat({ messages, tools: [weatherTool] });
  messages.push({ role: 'assistant', content: first.text || null, toolCalls: first.toolCalls });
  for (const call of first.toolCalls) {
    const result = getWeather(weatherTool.parameters.parse(call.arguments));
    out.log(`   tool:   ${call.name}(${JSON.stringify(call.arguments)}) -> ${JSON.stringify(result)} [${first.finishReason}]`);
    messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: result });
  }
  const answer = await client.chat({ messages, tools: [weatherTool] });
  out.log(`   answer: "${answer.text}" [${answer.finishReason}]`);

  const extra = extras(vendor.name, reply);
  if (extra) out.log(`   extras: ${extra}`);
  const health = await client.checkHealth();
  const totals = client.getUsage().totals;
  out.log(`   health: ${health.status}; usage: ${totals.requests} requests, ${totals.inputTokens} in + ${totals.outputTokens} out tokens`);
}

/** 2) The same providers, resolved by `provider:model` id from an inversify container. */
async function runContainer(vendors: readonly Vendor[], out: ProvidersOutput): Promise<void> {
  out.log('2) DI: coreModule() + each provider module in one container');
  const container = new Container();
  container.load(coreModule({ defaults: { logging: { level: 'silent' } } }), openAIModule(), anthropicModule(), googleModule(), groqModule(), openRouterModule());
  for (const { name, model, server } of vendors) {
    server.enqueue({ kind: 'text', text: `Hello from ${name}.` });
    const id = `${name}:${model}`;
    const client = resolveClientFromContainer(container, id, withApiKey(server.apiKey), withBaseUrl(server.baseUrl));
    const reply = await client.chat({ messages: [{ role: 'user', content: 'Say hello.' }] });
    out.log(`   ${id} -> "${reply.text}" (provider ${reply.provider}, model ${reply.model})`);
  }
  try {
    resolveClientFromContainer(container, 'mistral:mistral-large-latest');
  } catch (err) {
    if (!isLLMError(err)) throw err;
    out.log(`   mistral:mistral-large-latest -> LLMError ${err.code}: ${err.message}`);
  }
  out.log('');
}

/** 3) One model served by two vendors: switch vendor with withProvider(); the family's defaults go along. */
async function runFamily(groq: FakeServer, openrouter: FakeServer, out: ProvidersOutput): Promise<void> {
  out.log('3) Model family: llama-3.3-70b on Groq, then on OpenRouter');
  const llama = defineModelFamily(
    {
      name: 'llama-3.3-70b',
      description: 'Meta Llama 3.3 70B Instruct',
      defaults: { temperature: 0.2, maxTokens: 256 },
      providers: { groq: 'llama-3.3-70b-versatile', openrouter: 'meta-llama/llama-3.3-70b-instruct' },
    },
    groqProviderFactory,
    openRouterProviderFactory,
  );
  for (const [name, server] of [['groq', groq], ['openrouter', openrouter]] as const) {
    server.enqueue({ kind: 'text', text: `Llama 3.3 via ${name}.`, usage: { inputTokens: 9, outputTokens: 6 } });
    const client = llama.withProvider(name, config(server));
    const reply = await client.chat({ messages: [{ role: 'user', content: 'Who are you?' }] });
    const seen = server.lastRequest();
    out.log(`   withProvider('${name}') -> "${reply.text}" from ${reply.provider}:${reply.model}; the vendor got model ${seen.model}, temperature ${seen.temperature}, max tokens ${seen.maxTokens}`);
  }
  out.log('');
}

export async function runProvidersExample(out: ProvidersOutput = stdout): Promise<void> {
  const servers = await Promise.all([startFakeOpenAIServer(), startFakeAnthropicServer(), startFakeGoogleServer(), startFakeGroqServer(), startFakeOpenRouterServer()]);
  const [openai, anthropic, google, groq, openrouter] = servers;
  const vendors: Vendor[] = [
    { name: 'openai', model: 'gpt-4o-mini', server: openai, create: (c) => createOpenAI(c) },
    { name: 'anthropic', model: 'claude-haiku-4-5', server: anthropic, create: (c) => createAnthropic(c) },
    { name: 'google', model: 'gemini-2.0-flash', server: google, create: (c) => createGoogle(c) },
    { name: 'groq', model: 'llama-3.3-70b-versatile', server: groq, create: (c) => createGroq(c) },
    { name: 'openrouter', model: 'meta-llama/llama-3.3-70b-instruct', server: openrouter, create: (c) => createOpenRouter(c) },
  ];
  out.log('Offline: every provider runs its real vendor SDK against its fake server on 127.0.0.1.\n');
  try {
    out.log('1) The same chat, stream and tool call through each public factory');
    for (const vendor of vendors) {
      vendor.server.enqueue(...conversation);
      await runConversation(vendor, vendor.create({ ...config(vendor.server), model: vendor.model }), out);
    }
    out.log('');
    await runContainer(vendors, out);
    await runFamily(groq, openrouter, out);
  } catch (err) {
    if (isLLMError(err)) out.log(`LLMError ${err.code}: ${err.message}`);
    throw err;
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}
