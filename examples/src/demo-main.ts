/**
 * The main job: a streamed chat, a tool call round trip and a structured-output call.
 * Uses OpenAI when OPENAI_API_KEY is set; otherwise runs the same code against the built-in
 * fake OpenAI server (the real openai SDK over HTTP on 127.0.0.1), and says so.
 */
import { isLLMError } from '@llm/errors';
import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import { createOpenAI } from '@llm/openai';
import { defineTool, type Message } from '@llm/schema';
import { z } from 'zod';

const weatherTool = defineTool({
  name: 'get_weather',
  description: 'The current weather in a city',
  parameters: z.object({ city: z.string().describe('City name'), unit: z.enum(['c', 'f']).default('c') }),
});

/** The tool's implementation: runs locally when the model asks for it. */
function getWeather(args: { city: string; unit: 'c' | 'f' }): { city: string; temperature: number; unit: string; sky: string } {
  const celsius = 4 + (args.city.length % 9);
  return { city: args.city, temperature: args.unit === 'f' ? Math.round(celsius * 1.8 + 32) : celsius, unit: args.unit, sky: 'partly cloudy' };
}

const Recipe = z.object({
  name: z.string(),
  servings: z.number().int().positive(),
  ingredients: z.array(z.object({ item: z.string(), quantity: z.string() })).min(1),
});

/** What the fake server answers, in order, when no key is set. */
function scriptMock(server: FakeServer): void {
  server.enqueue(
    { kind: 'text', text: 'Large language models predict the next token, one token at a time, from everything written so far.', usage: { inputTokens: 24, outputTokens: 21 } },
    { kind: 'tool-calls', calls: [{ name: 'get_weather', arguments: { city: 'Lisbon', unit: 'c' } }], usage: { inputTokens: 61, outputTokens: 18 } },
    { kind: 'text', text: 'It is 10°C and partly cloudy in Lisbon right now.', usage: { inputTokens: 95, outputTokens: 15 } },
    {
      kind: 'text',
      text: JSON.stringify({ name: 'Pancakes', servings: 4, ingredients: [{ item: 'flour', quantity: '200 g' }, { item: 'milk', quantity: '300 ml' }, { item: 'eggs', quantity: '2' }] }),
      usage: { inputTokens: 70, outputTokens: 48 },
    },
  );
}

/** Where the demo prints; stdout by default. */
export interface DemoOutput {
  log(line: string): void;
  write(text: string): void;
}

const stdout: DemoOutput = { log: (line) => console.log(line), write: (text) => void process.stdout.write(text) };

export async function runDemo(out: DemoOutput = stdout, env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  let server: FakeServer | undefined;
  const apiKey = env.OPENAI_API_KEY;
  if (apiKey) {
    out.log('Using OpenAI (OPENAI_API_KEY is set).\n');
  } else {
    server = await startFakeOpenAIServer();
    scriptMock(server);
    out.log(`No OPENAI_API_KEY: running against the built-in mock (a fake OpenAI server on ${server.url}).\n`);
  }
  const client = createOpenAI({
    model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    apiKey: apiKey ?? server!.apiKey,
    ...(server ? { baseUrl: server.baseUrl } : {}),
    timeout: '60s',
    logging: { level: 'silent' },
  });

  try {
    // 1. A streamed chat.
    out.log('1) Streamed chat');
    const stream = client.streamChat({ messages: [{ role: 'user', content: 'In one sentence, how does a language model write text?' }], maxTokens: 80 });
    out.write('   ');
    for await (const event of stream) {
      if (event.type === 'text-delta') out.write(event.text);
      if (event.type === 'finish') out.log(`\n   [finish: ${event.finishReason}, tokens in/out: ${event.response.usage.inputTokens}/${event.response.usage.outputTokens}]\n`);
    }

    // 2. A tool call, executed locally, and the answer that uses its result.
    out.log('2) Tool call');
    const messages: Message[] = [{ role: 'user', content: 'What is the weather in Lisbon right now?' }];
    const first = await client.chat({ messages, tools: [weatherTool] });
    messages.push({ role: 'assistant', content: first.text || null, toolCalls: first.toolCalls });
    for (const call of first.toolCalls) {
      const args = weatherTool.parameters.parse(call.arguments);
      const result = getWeather(args);
      out.log(`   model called ${call.name}(${JSON.stringify(call.arguments)}) -> ${JSON.stringify(result)}`);
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: result });
    }
    const answer = await client.chat({ messages, tools: [weatherTool] });
    out.log(`   ${answer.text}\n`);

    // 3. Structured output: a zod schema in, a typed, validated object out.
    out.log('3) Structured output');
    const recipe = await client.chat({ messages: [{ role: 'user', content: 'A simple pancake recipe.' }], output: Recipe });
    out.log(`   ${recipe.object.name} for ${recipe.object.servings}: ${recipe.object.ingredients.map((i) => `${i.quantity} ${i.item}`).join(', ')}\n`);

    const usage = client.getUsage();
    out.log(`Usage for this client: ${usage.totals.requests} requests, ${usage.totals.inputTokens} input + ${usage.totals.outputTokens} output tokens.`);
  } catch (err) {
    if (isLLMError(err)) out.log(`LLMError ${err.code}: ${err.message}`);
    throw err;
  } finally {
    await server?.close();
  }
}
