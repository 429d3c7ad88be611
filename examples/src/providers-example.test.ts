import { describe, expect, it } from 'vitest';
import { runProvidersExample } from './providers-example-main.js';

const PROVIDERS = [
  { id: 'openai:gpt-4o-mini', path: '/v1/chat/completions', maxTokens: 'max_completion_tokens', rawFinish: 'stop' },
  { id: 'anthropic:claude-haiku-4-5', path: '/v1/messages', maxTokens: 'max_tokens', rawFinish: 'end_turn' },
  { id: 'google:gemini-2.0-flash', path: '/v1beta/models/gemini-2.0-flash:generateContent', maxTokens: 'generationConfig.maxOutputTokens', rawFinish: 'STOP' },
  { id: 'groq:llama-3.3-70b-versatile', path: '/openai/v1/chat/completions', maxTokens: 'max_completion_tokens', rawFinish: 'stop' },
  { id: 'openrouter:meta-llama/llama-3.3-70b-instruct', path: '/api/v1/chat/completions', maxTokens: 'max_tokens', rawFinish: 'stop' },
] as const;

/** The lines printed for one provider in part 1 (up to the next provider's header). */
function section(lines: readonly string[], id: string): string[] {
  const start = lines.findIndex((l) => l.startsWith('== ') && l.endsWith(`: ${id}`));
  expect(start, `no section for ${id}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('   '));
  return lines.slice(start + 1, end);
}

describe('providers example', () => {
  it('runs the same chat, stream and tool call through all five providers, by factory, by container and by model family', async () => {
    const lines: string[] = [];
    await runProvidersExample({ log: (line) => lines.push(...line.split('\n')) });
    const out = lines.join('\n');

    for (const p of PROVIDERS) {
      const s = section(lines, p.id).join('\n');
      expect(s, p.id).toContain(`chat:   "Paris is the capital of France." [stop (vendor: ${p.rawFinish}), tokens 14/8]`);
      expect(s, p.id).toContain(`sent to ${p.path} with maxTokens as ${p.maxTokens};`);
      expect(s, p.id).toContain(`stream: "One, two, three, four, five." in 5 deltas [stop (vendor: ${p.rawFinish}), tokens 12/11]`);
      expect(s, p.id).toContain('tool:   get_weather({"city":"Lisbon","unit":"c"}) -> {"city":"Lisbon","temperature":10,"unit":"c","sky":"partly cloudy"} [tool_calls]');
      expect(s, p.id).toContain('answer: "It is 10°C and partly cloudy in Lisbon." [stop]');
      expect(s, p.id).toContain('health: healthy; usage: 4 requests, 182 in + 52 out tokens');
      // The DI route resolved the same provider:model id and reached that vendor's server.
      const vendor = p.id.split(':')[0]!;
      expect(out).toMatch(new RegExp(`^   ${p.id.replace(/[/.]/g, '\\$&')} -> "Hello from ${vendor}\\." \\(provider ${vendor}, model `, 'm'));
    }
    // Request ids from each vendor's header; Gemini sends none.
    expect(section(lines, 'anthropic:claude-haiku-4-5').join('\n')).toMatch(/request id req_\w+/);
    expect(section(lines, 'google:gemini-2.0-flash').join('\n')).toContain('request id none');
    // Vendor extras.
    expect(section(lines, 'groq:llama-3.3-70b-versatile').join('\n')).toMatch(/extras: x_groq timings totalTime=[\d.]+s, tokens left this minute: \d+/);
    expect(section(lines, 'openrouter:meta-llama/llama-3.3-70b-instruct').join('\n')).toMatch(/extras: served by \w+, cost reported by OpenRouter: \$0\.\d+ \(provider\)/);

    expect(out).toContain('mistral:mistral-large-latest -> LLMError configuration: no provider "mistral" is registered (loaded: openai, anthropic, google, groq, openrouter)');

    expect(out).toContain(
      `withProvider('groq') -> "Llama 3.3 via groq." from groq:llama-3.3-70b-versatile; the vendor got model llama-3.3-70b-versatile, temperature 0.2, max tokens 256`,
    );
    expect(out).toContain(
      `withProvider('openrouter') -> "Llama 3.3 via openrouter." from openrouter:meta-llama/llama-3.3-70b-instruct; the vendor got model meta-llama/llama-3.3-70b-instruct, temperature 0.2, max tokens 256`,
    );
  });
});
