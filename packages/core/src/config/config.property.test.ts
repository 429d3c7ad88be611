import fc from 'fast-check';
import { isLLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { configFromEnv, configFromYaml, mergeConfig } from './config-loaders.js';
import { fromEnv, fromYaml, resolveSetup, withConfig } from '../client/index.js';
import type { ClientConfigInput } from './config-schema.js';

const KEY = 'sk-proj-PropertyTestKey0123456789abcdef';
const ODD_KEY = 'odd-shaped-secret-4242';

/** Keys a config has, keys that would reach a prototype, and noise. */
const key = fc.oneof(
  fc.constantFrom('provider', 'model', 'apiKey', 'baseUrl', 'timeout', 'headers', 'retry', 'maxRetries', 'rateLimit', 'maxWait', 'cost', 'prices', 'timeouts', 'idle', 'cache', 'ttl'),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'),
  fc.string({ maxLength: 12 }),
);
const leaf = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(KEY, ODD_KEY, '600h', '30s', 2 ** 31, -1, 'https://u:p@h'));
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 5 })),
})).node;
/** As JSON.parse would give it: `__proto__` as an own key. */
const jsonTree = tree.map((t) => JSON.parse(JSON.stringify(t)) as unknown);

const protoNames = Object.getOwnPropertyNames(Object.prototype).length;

/** Runs `fn`; it may only succeed or throw an LLMError that holds no secret. */
function onlyLLMErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(isLLMError(err), `threw ${String(err)}`).toBe(true);
    const printed = JSON.stringify(isLLMError(err) ? err.toJSON() : err);
    expect(printed).not.toContain(KEY);
    expect(printed).not.toContain(ODD_KEY);
  }
}

describe('config loading and merging (property-based)', () => {
  it('any object merged and validated: an LLMError or a config, no prototype changed, no key printed', () => {
    fc.assert(
      fc.property(jsonTree, jsonTree, (a, b) => {
        onlyLLMErrors(() => resolveSetup({ provider: 'openai', model: 'm', apiKey: ODD_KEY }, [withConfig(a as Partial<ClientConfigInput>), withConfig(b as Partial<ClientConfigInput>)]));
        onlyLLMErrors(() => mergeConfig(a as Partial<ClientConfigInput>, b as Partial<ClientConfigInput>));
        expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(protoNames);
      }),
      // A failure prints its seed and shrunk counterexample: add it here so it is always run. The
      // first: the key pasted as the provider, then replaced by a bad key (it was no longer masked).
      { numRuns: 400, examples: [[{ provider: ODD_KEY }, { apiKey: false }]] },
    );
  });

  it('any YAML text: an LLMError or a config, no prototype changed', () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 200 }),
      jsonTree.map((t) => JSON.stringify(t)),
      fc.tuple(key, key, leaf).map(([k1, k2, v]) => `${k1}:\n  ${k2}: ${JSON.stringify(v)}\n`),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        onlyLLMErrors(() => configFromYaml(text));
        onlyLLMErrors(() => resolveSetup({ provider: 'openai', model: 'm', apiKey: ODD_KEY }, [fromYaml(text)]));
        expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(protoNames);
      }),
      { numRuns: 400 },
    );
  });

  it('any environment: an LLMError or a config', () => {
    const env = fc.dictionary(fc.oneof(fc.constantFrom('LLM_TIMEOUT', 'LLM_TIMOUT', 'LLM_MODEL', 'LLM_BASE_URL', 'LLM_MAX_RETRIES', '__proto__'), fc.string({ maxLength: 16 })), fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(ODD_KEY, '600h')));
    fc.assert(
      fc.property(env, (vars) => {
        onlyLLMErrors(() => configFromEnv(vars));
        onlyLLMErrors(() => resolveSetup({ provider: 'openai', model: 'm', apiKey: ODD_KEY }, [fromEnv(vars)]));
        expect(Object.getOwnPropertyNames(Object.prototype).length).toBe(protoNames);
      }),
      { numRuns: 300 },
    );
  });
});
