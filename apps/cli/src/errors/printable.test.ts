import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('shows control characters as escapes and leaves other text alone', () => {
    const esc = String.fromCharCode(27);
    expect(printable(`a${esc}[31mb${String.fromCharCode(7)}c\rd${String.fromCharCode(0x9b)}e`)).toBe('a\\u001b[31mb\\u0007c\\u000dd\\u009be');
    expect(printable('openai:gpt-4o · 200k € ✓')).toBe('openai:gpt-4o · 200k € ✓');
  });

  it('cuts a long text and counts what it left out', () => {
    expect(printable('x'.repeat(400))).toBe('x'.repeat(400));
    expect(printable('x'.repeat(1000))).toBe(`${'x'.repeat(400)}… (600 more characters)`);
  });
});
