import { describe, expect, it } from 'vitest';
import { runDemo } from './demo-main.js';

describe('demo', () => {
  it('runs the main job against the built-in mock when no key is set, and says so', async () => {
    let printed = '';
    await runDemo({ log: (line) => (printed += `${line}\n`), write: (text) => (printed += text) }, {});
    expect(printed).toContain('No OPENAI_API_KEY: running against the built-in mock');
    expect(printed).toContain('Large language models predict the next token');
    expect(printed).toContain('model called get_weather({"city":"Lisbon","unit":"c"})');
    expect(printed).toContain('It is 10°C and partly cloudy in Lisbon');
    expect(printed).toContain('Pancakes for 4: 200 g flour, 300 ml milk, 2 eggs');
    expect(printed).toMatch(/Usage for this client: 4 requests, 250 input \+ 102 output tokens/);
  });
});
