import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_OUTPUT_TOKEN_ESTIMATE, estimateRequestTokens } from './rate-limit-estimate.js';

describe('estimateRequestTokens', () => {
  it('is characters of the messages JSON / 4 plus maxTokens', () => {
    const messages = [{ role: 'user' as const, content: 'x'.repeat(400) }];
    const chars = JSON.stringify(messages[0]).length;
    expect(estimateRequestTokens({ messages, maxTokens: 50 })).toBe(Math.ceil(chars / 4) + 50);
    expect(estimateRequestTokens({ messages })).toBe(Math.ceil(chars / 4) + DEFAULT_OUTPUT_TOKEN_ESTIMATE);
  });
});

describe('estimateRequestTokens: tools', () => {
  it('adds each tool\'s name and description, and 200 characters for its schema', () => {
    const messages = [{ role: 'user' as const, content: 'x'.repeat(400) }];
    const chars = JSON.stringify(messages[0]).length;
    const parameters = z.object({});
    const tools = [
      { name: 'weather', description: 'd'.repeat(100), parameters },
      { name: 'time', parameters },
    ];
    // 7 + 100 + 200 and 4 + 0 + 200 characters.
    expect(estimateRequestTokens({ messages, tools, maxTokens: 50 })).toBe(Math.ceil((chars + 307 + 204) / 4) + 50);
  });
});
