/**
 * The three contenders of the `vendor-streams` case for each of the five vendors: raw fetch (the
 * wire read by hand), the vendor's own SDK with its default options (retries off), and ours (the
 * whole default client stack, telemetry on without an OpenTelemetry SDK registered). All make the
 * same request to the same fake server and read the reply as a caller would.
 */
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { createAnthropic } from '@llm/anthropic';
import type { LLMClient } from '@llm/core';
import { createGoogle } from '@llm/google';
import { createGroq } from '@llm/groq';
import { createOpenAI } from '@llm/openai';
import { createOpenRouter } from '@llm/openrouter';
import type { ChatRequest } from '@llm/schema';
import OpenAI from 'openai';
import { StreamTally, type VendorCall, type VendorName, type VendorPath } from './vendor-call.js';
import { rawFetchCall } from './vendor-raw-fetch.js';

export const MODELS: Record<VendorName, string> = {
  openai: 'gpt-4o-mini',
  groq: 'llama-3.3-70b-versatile',
  openrouter: 'openai/gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  google: 'gemini-2.5-flash',
};

export const SDK_NAMES: Record<VendorName, string> = {
  openai: 'openai',
  groq: 'openai',
  openrouter: 'openai',
  anthropic: '@anthropic-ai/sdk',
  google: '@google/genai',
};

const PROMPT = 'Say hello in a few words.';
const MAX_TOKENS = 1024;

function sdkCall(vendor: VendorName, baseUrl: string, apiKey: string): VendorCall {
  const model = MODELS[vendor];
  if (vendor === 'anthropic') {
    const client = new Anthropic({ apiKey, baseURL: baseUrl, maxRetries: 0 });
    const body = { model, max_tokens: MAX_TOKENS, messages: [{ role: 'user' as const, content: PROMPT }] };
    return {
      json: async () => (await client.messages.create(body)).content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
      stream: async () => {
        const run = new StreamTally();
        for await (const event of await client.messages.create({ ...body, stream: true })) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') run.add(event.delta.text);
        }
        return run;
      },
    };
  }
  if (vendor === 'google') {
    const client = new GoogleGenAI({ apiKey, vertexai: false, httpOptions: { baseUrl } });
    const params = { model, contents: [{ role: 'user', parts: [{ text: PROMPT }] }] };
    return {
      json: async () => (await client.models.generateContent(params)).candidates?.[0]?.content?.parts?.map((p) => p.text ?? '').join('') ?? '',
      stream: async () => {
        const run = new StreamTally();
        for await (const chunk of await client.models.generateContentStream(params)) {
          const text = chunk.candidates?.[0]?.content?.parts?.[0]?.text;
          if (text) run.add(text);
        }
        return run;
      },
    };
  }
  const client = new OpenAI({ apiKey, baseURL: baseUrl, maxRetries: 0 });
  const body = { model, messages: [{ role: 'user' as const, content: PROMPT }] };
  return {
    json: async () => (await client.chat.completions.create(body)).choices[0]?.message.content ?? '',
    stream: async () => {
      const run = new StreamTally();
      for await (const chunk of await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } })) {
        const text = chunk.choices[0]?.delta.content;
        if (text) run.add(text);
      }
      return run;
    },
  };
}

function ourClient(vendor: VendorName, baseUrl: string, apiKey: string, onFetch: boolean): LLMClient {
  // The default stack: logging at 'warn' (the default level) puts the logging middleware in; usage tracking always.
  const config = { apiKey, baseUrl, model: MODELS[vendor], logging: { level: 'warn' as const }, ...(onFetch ? { transport: 'fetch' as const } : {}) };
  switch (vendor) {
    case 'openai':
      return createOpenAI(config);
    case 'groq':
      return createGroq(config);
    case 'openrouter':
      return createOpenRouter(config);
    case 'anthropic':
      return createAnthropic(config);
    case 'google':
      return createGoogle(config);
  }
}

function ourCall(vendor: VendorName, baseUrl: string, apiKey: string, onFetch: boolean): VendorCall {
  const client = ourClient(vendor, baseUrl, apiKey, onFetch);
  const request: ChatRequest = { messages: [{ role: 'user', content: PROMPT }], ...(vendor === 'anthropic' ? { maxTokens: MAX_TOKENS } : {}) };
  return {
    json: async () => (await client.chat(request)).text,
    stream: async () => {
      const run = new StreamTally();
      for await (const event of client.streamChat(request)) if (event.type === 'text-delta') run.add(event.text);
      return run;
    },
  };
}

/** The contender `path` for `vendor`, against the fake server at `baseUrl` (the vendor SDK's base URL). */
export function vendorCall(vendor: VendorName, path: VendorPath, baseUrl: string, apiKey: string): VendorCall {
  if (path === 'fetch') return rawFetchCall(vendor, baseUrl, apiKey, MODELS[vendor], PROMPT);
  return path === 'sdk' ? sdkCall(vendor, baseUrl, apiKey) : ourCall(vendor, baseUrl, apiKey, path === 'ours-fetch');
}
