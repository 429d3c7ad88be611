import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_KEY_PREFIX, apiKeyHint, apiKeyMatches, generateApiKey, hashApiKey, hashesEqual, isApiKeyHash, newApiKeyId, requireApiKeyHash } from './api-key.js';

describe('api keys', () => {
  it('makes random keys of 256 bits with the prefix, never the same twice', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
      expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
    }
    expect(generateApiKey('sk-team-').startsWith('sk-team-')).toBe(true);
  });

  it('hashes a key to sha256:<hex> of its UTF-8 bytes', () => {
    const hash = hashApiKey('secret-key-ä');
    expect(hash).toBe(`sha256:${createHash('sha256').update(Buffer.from('secret-key-ä', 'utf8')).digest('hex')}`);
    expect(isApiKeyHash(hash)).toBe(true);
    expect(isApiKeyHash('sha256:abc')).toBe(false);
    expect(isApiKeyHash(hash.toUpperCase())).toBe(false);
  });

  it('matches a key against its hash only, including hashes of another length', () => {
    const key = generateApiKey();
    expect(apiKeyMatches(key, hashApiKey(key))).toBe(true);
    expect(apiKeyMatches(`${key}x`, hashApiKey(key))).toBe(false);
    expect(apiKeyMatches(key, 'sha256:00')).toBe(false);
    expect(hashesEqual('sha256:ab', 'sha256:ab')).toBe(true);
    expect(hashesEqual('sha256:ab', 'sha256:ac')).toBe(false);
  });

  it('shows a hint of the key without its middle', () => {
    const key = 'llm_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    expect(apiKeyHint(key)).toBe('llm_ABCD…6789');
    expect(apiKeyHint('short')).toBe('…');
    expect(newApiKeyId()).toMatch(/^key_[0-9a-f]{16}$/);
  });

  it('refuses a malformed hash naming the field', () => {
    expect(() => requireApiKeyHash('md5:abc', 'keys[0].hash')).toThrow(/keys\[0\]\.hash/);
    expect(requireApiKeyHash(hashApiKey('k'), 'x')).toBe(hashApiKey('k'));
  });
});
