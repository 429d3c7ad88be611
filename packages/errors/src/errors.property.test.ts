import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLLMError, LLMError } from './llm-error.js';
import { toLLMError } from './to-llm-error.js';

/** Keys of the shapes the library masks, and a secret of no known shape given by value. */
const KEYS = ['sk-proj-Zq9vY8xW7uT6sR5qP4oN3mL2kJ1', 'sk-ant-api03-Zq9vY8xW7uT6sR5qP4oN3mL2kJ1', 'gsk_Zq9vY8xW7uT6sR5qP4oN3mL2', 'AIzaSyZq9vY8xW7uT6sR5qP4oN3mL2kJ1'];
const ODD = 'plain-proxy-password-77';
const anySecret = fc.constantFrom(...KEYS, ODD);
/** Text with a secret somewhere in it. */
const textWithSecret = fc.tuple(fc.string(), anySecret, fc.string()).map(([a, s, b]) => `${a} ${s} ${b}`);

const printed = (err: LLMError) => `${inspect(err, { depth: 20 })}\n${JSON.stringify(err.toJSON())}\n${err.stack ?? ''}`;

describe('errors (property-based)', () => {
  it('toLLMError turns anything thrown into an LLMError, never throwing', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withNullPrototype: true, withObjectString: true }), (thrown) => {
        const err = toLLMError(thrown, { provider: 'p', model: 'm' });
        expect(isLLMError(err)).toBe(true);
        // Nothing unforeseen is ever retried.
        if (err.code === 'provider_error') expect(err.retryable).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('no secret shows in message, rawText, details, cause chain, toJSON or inspect', () => {
    fc.assert(
      fc.property(textWithSecret, textWithSecret, textWithSecret, textWithSecret, (message, raw, detail, causeText) => {
        const cause = new Error(causeText, { cause: new Error(`inner ${causeText}`) });
        const err = new LLMError({ code: 'malformed_response', message, rawText: raw, details: { detail, list: [detail] }, cause, secrets: [ODD] });
        const out = printed(err);
        for (const secret of [...KEYS, ODD]) expect(out).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});
