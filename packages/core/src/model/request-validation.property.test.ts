import fc from 'fast-check';
import { isLLMError } from '@llm/errors';
import type { ChatRequest } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateCallOptions } from './call-validation.js';
import { toTransportRequest, validateChatRequest } from './request-normalizer.js';

const weather = { name: 'get_weather', parameters: z.object({ city: z.string() }) };

/** Values that are sometimes right and mostly wrong, in the places a request has them. */
const junk = fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true });
const message = fc.oneof(
  fc.record({ role: fc.constantFrom('user', 'system', 'assistant'), content: fc.oneof(fc.string(), junk) }),
  fc.record({ role: fc.constant('tool'), toolCallId: fc.oneof(fc.string(), junk), content: junk }),
  fc.record({ role: fc.constant('assistant'), content: fc.constant(null), toolCalls: fc.array(fc.record({ id: fc.string(), name: fc.string(), arguments: junk })) }),
  junk,
);
const request = fc.record(
  {
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), junk),
    tools: fc.oneof(fc.constant([weather]), fc.constant([weather, weather]), fc.array(junk, { maxLength: 2 })),
    toolChoice: fc.oneof(fc.constantFrom('auto', 'none', 'required'), fc.record({ type: fc.constant('tool'), name: fc.string() }), junk),
    temperature: fc.oneof(fc.double(), junk),
    maxTokens: fc.oneof(fc.integer(), junk),
    providerOptions: junk,
    responseFormat: fc.oneof(fc.record({ type: fc.constant('json_schema'), schema: junk }), junk),
    stop: fc.oneof(fc.string(), fc.array(fc.string()), junk),
    tags: junk,
  },
  { requiredKeys: [] },
);
/** Now and then a value that refers to itself. */
const withCycles = fc.tuple(request, fc.boolean()).map(([r, cyclic]) => {
  if (cyclic && Array.isArray(r.messages)) {
    const self: Record<string, unknown> = { x: 1 };
    self.self = self;
    (r.messages as unknown[]).push({ role: 'tool', toolCallId: 'c', content: self });
  }
  return r;
});

describe('request validation (property-based)', () => {
  it('any request: a validated copy the transport can take, or a local invalid_request, never anything else', () => {
    fc.assert(
      fc.property(fc.oneof(withCycles, junk), (value) => {
        let valid: ChatRequest<unknown>;
        try {
          valid = validateChatRequest(value as ChatRequest<unknown>);
        } catch (err) {
          expect(isLLMError(err), `threw ${String(err)}`).toBe(true);
          expect(err).toMatchObject({ code: 'invalid_request', local: true, retryable: false });
          return;
        }
        expect(Array.isArray(valid.messages)).toBe(true);
        // What passed validation is something every transport can be handed and serialise.
        expect(() => JSON.stringify(toTransportRequest(valid))).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('any call options: accepted as they are, or a local invalid_request', () => {
    const options = fc.oneof(
      junk,
      fc.record({ headers: fc.dictionary(fc.string(), fc.oneof(fc.string(), junk)), timeouts: fc.dictionary(fc.string(), fc.oneof(fc.double(), junk)), retry: fc.dictionary(fc.string(), junk) }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(options, (value) => {
        try {
          expect(validateCallOptions(value, { provider: 'p', model: 'm' })).toBe(value);
        } catch (err) {
          expect(isLLMError(err), `threw ${String(err)}`).toBe(true);
          expect(err).toMatchObject({ code: 'invalid_request', local: true });
        }
      }),
      { numRuns: 500 },
    );
  });
});
