import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { maskingSecrets, providerSecrets } from './provider-secrets.js';

describe('providerSecrets', () => {
  it('takes the key, the values of secret-looking headers and a base URL\'s userinfo, and nothing else', () => {
    const secrets = providerSecrets({
      apiKey: 'key-0123456789',
      headers: { 'x-team-token': 'team-0123456789', 'x-team-name': 'blue' },
      baseUrl: 'https://proxy-user:proxy-pass-0123@example.com/v1',
    });
    expect(secrets).toContain('key-0123456789');
    expect(secrets).toContain('team-0123456789');
    expect(secrets).toContain('proxy-pass-0123');
    expect(secrets).not.toContain('blue');
    expect(providerSecrets({})).toEqual([]);
  });
});

describe('maskingSecrets', () => {
  it('masks the secrets in an LLMError the call rejects with, and passes anything else through', async () => {
    const secret = 'team-0123456789';
    const failing = maskingSecrets([secret], () => Promise.reject(new LLMError({ code: 'invalid_request', message: `bad team ${secret}`, rawText: secret })));
    const err = await failing.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LLMError);
    expect(JSON.stringify(err)).not.toContain(secret);
    expect((err as LLMError).message).toContain('bad team');
    const plain = new TypeError('not ours');
    await expect(maskingSecrets([secret], () => Promise.reject(plain))).rejects.toBe(plain);
    await expect(maskingSecrets([secret], () => Promise.resolve(42))).resolves.toBe(42);
  });
});
