import { describe, expect, it } from 'vitest';
import { malformedReply, rawReplyText, replyCount, replyList, replyObject, replyString } from './reply-shape.js';

const ctx = { provider: 'acme', model: 'm1' };

describe('reply shape checks', () => {
  it('pass values of the right type through and leave absent ones to the caller', () => {
    expect(replyString('hi', 'text', ctx, {})).toBe('hi');
    expect(replyString(null, 'text', ctx, {})).toBeUndefined();
    expect(replyCount(0, 'usage.x', ctx, {})).toBe(0);
    expect(replyCount(undefined, 'usage.x', ctx, {})).toBeUndefined();
    expect(replyList([1], 'choices', ctx, {})).toEqual([1]);
    expect(replyObject({ a: 1 }, 'usage', ctx, {})).toEqual({ a: 1 });
  });

  it('refuse values of the wrong type with a malformed_response naming the field, not retryable, raw reply kept', () => {
    const raw = { usage: { prompt_tokens: 'many' } };
    for (const check of [
      () => replyString(42, 'choices[0].message.content', ctx, raw),
      () => replyCount('many', 'usage.prompt_tokens', ctx, raw),
      () => replyCount(-1, 'usage.prompt_tokens', ctx, raw),
      () => replyList('x', 'candidates', ctx, raw),
      () => replyObject([], 'usage', ctx, raw),
    ]) {
      expect(check).toThrow(expect.objectContaining({ code: 'malformed_response', retryable: false, rawText: JSON.stringify(raw) }));
    }
    const err = malformedReply(ctx, 'candidates', 'a list', 'x', raw);
    expect(err.message).toBe("acme malformed_response: the reply's candidates is a string, not a list");
    expect(err.details).toEqual({ field: 'candidates' });
  });

  it('keeps a few kB of the raw reply, masked like everything an LLMError holds', () => {
    expect(rawReplyText('x'.repeat(10_000))).toHaveLength(4001);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(typeof rawReplyText(cyclic)).toBe('string');
    const err = malformedReply(ctx, 'content', 'text', 42, { echo: 'Authorization: Bearer sk-proj-abcdefghijklmnopqrstuvwxyz0123456789' });
    expect(err.rawText).not.toContain('sk-proj-abcdefghijklmnopqrstuvwxyz0123456789');
  });
});
