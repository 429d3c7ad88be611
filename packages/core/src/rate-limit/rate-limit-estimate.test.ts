import { describe, expect, it } from 'vitest';
import { DEFAULT_OUTPUT_TOKEN_ESTIMATE, estimateRequestTokens } from './rate-limit-estimate.js';

describe('estimateRequestTokens', () => {
  it('is characters of the messages JSON / 4 plus maxTokens', () => {
    const messages = [{ role: 'user' as const, content: 'x'.repeat(400) }];
    const chars = JSON.stringify(messages[0]).length;
    expect(estimateRequestTokens({ messages, maxTokens: 50 })).toBe(Math.ceil(chars / 4) + 50);
    expect(estimateRequestTokens({ messages })).toBe(Math.ceil(chars / 4) + DEFAULT_OUTPUT_TOKEN_ESTIMATE);
  });
});
