import { describe, expect, it } from 'vitest';
import { redactHeaders, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it.each([
    'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    'sk-or-v1-0123456789abcdef0123456789abcdef',
    'gsk_AbCdEfGhIjKlMnOpQrStUvWxYz0123',
    'AIzaSyA-AbCdEfGhIjKlMnOpQrStUvWxYz012',
  ])('masks %s', (key) => {
    const out = redactSecrets(`key=${key} and "Authorization": "Bearer ${key}"`);
    expect(out).not.toContain(key.slice(12));
  });
  it('masks url key parameters and header values', () => {
    expect(redactSecrets('GET /v1beta/models?key=abc123secret&alt=sse')).toBe('GET /v1beta/models?key=***&alt=sse');
    expect(redactSecrets('x-api-key: plainsecretvalue')).toBe('x-api-key: ***');
  });
  it('masks given secrets of any shape', () => {
    expect(redactSecrets('token is hunter2-xyz', ['hunter2-xyz'])).toBe('token is ***');
  });
  it('leaves ordinary text alone', () => {
    expect(redactSecrets('The capital of France is Paris.')).toBe('The capital of France is Paris.');
  });
});

describe('redactHeaders', () => {
  it('masks secret headers whatever their case', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', 'X-Api-Key': 'y', 'content-type': 'application/json' })).toEqual({ Authorization: '***', 'X-Api-Key': '***', 'content-type': 'application/json' });
  });
});
