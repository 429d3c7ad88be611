import { describe, expect, it } from 'vitest';
import { redactHeaders, redactSecrets, secretHeaderValues, urlSecrets } from './redact.js';

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

describe('secretHeaderValues / urlSecrets', () => {
  it('finds the secret values among custom headers, by name or by shape', () => {
    const headers = { 'x-proxy-token': 'tok-123456', 'x-team': 'blue', 'x-forward': 'Bearer abcdefgh12345678', 'cf-access-client-secret': 'zzz-999' };
    expect(secretHeaderValues(headers).sort()).toEqual(['Bearer abcdefgh12345678', 'abcdefgh12345678', 'tok-123456', 'zzz-999'].sort());
    expect(redactHeaders(headers)).toEqual({ 'x-proxy-token': '***', 'x-team': 'blue', 'x-forward': '***', 'cf-access-client-secret': '***' });
  });
  it("finds a URL's password, or its user name when it stands alone", () => {
    expect(urlSecrets('https://me:p%40ss-word@h.example/v1')).toEqual(['p%40ss-word', 'p@ss-word']);
    expect(urlSecrets('https://tok_abcdef@h.example')).toEqual(['tok_abcdef', 'tok_abcdef']);
    expect(urlSecrets('https://h.example')).toEqual([]);
    expect(urlSecrets('not a url')).toEqual([]);
  });
});
