import { defineTool, type ChatRequest } from '@llm/schema';
import { z } from 'zod';

/** The tool the pinned requests offer; its JSON Schema is `PIN_WEATHER_SCHEMA`. */
export const PIN_WEATHER_TOOL = defineTool({ name: 'get_weather', description: 'Weather in a city', parameters: z.object({ city: z.string() }) });
export const PIN_WEATHER_SCHEMA = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

/**
 * Vendor-neutral requests, one per feature, that every provider's request-pin test sends: each
 * provider then pins the exact body its vendor receives for the same request.
 */
export const PIN_REQUESTS = {
  /** A system prompt, a user turn and every sampling setting. */
  settings: {
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ],
    maxTokens: 50,
    temperature: 0.2,
    topP: 0.9,
    stop: ['END'],
    presencePenalty: 0.5,
    frequencyPenalty: -0.5,
    seed: 7,
  },
  /** A text part, an image by URL (with a detail and its type) and one by base64 data. */
  images: {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image', url: 'https://example.com/a.png', mediaType: 'image/png', detail: 'low' },
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
        ],
      },
    ],
  },
  /** A question with the weather tool offered (add a `toolChoice`). */
  weatherQuestion: { messages: [{ role: 'user', content: 'Weather?' }], tools: [PIN_WEATHER_TOOL] },
  /** Two calls in one assistant turn (with text), then their results: an object, and an error as text. */
  toolRoundTrip: {
    messages: [
      { role: 'user', content: 'Weather in Oslo and Rome?' },
      {
        role: 'assistant',
        content: 'Checking both.',
        toolCalls: [
          { id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo' } },
          { id: 'call_b', name: 'get_weather', arguments: { city: 'Rome' } },
        ],
      },
      { role: 'tool', toolCallId: 'call_a', content: { temperature: 3 } },
      { role: 'tool', toolCallId: 'call_b', content: 'service down', isError: true },
    ],
    tools: [PIN_WEATHER_TOOL],
  },
  /** Structured output with a zod schema (an integer field, which some vendors cannot bound). */
  structuredOutput: { messages: [{ role: 'user', content: 'Ada' }], output: z.object({ name: z.string(), age: z.number().int() }) },
} satisfies Record<string, ChatRequest<unknown>>;

/** A reply that fits `PIN_REQUESTS.structuredOutput`. */
export const PIN_STRUCTURED_REPLY = '{"name":"Ada","age":36}';
