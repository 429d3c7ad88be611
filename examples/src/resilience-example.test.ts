import { describe, expect, it } from 'vitest';
import { runResilienceExample } from './resilience-example.js';

describe('resilience example', () => {
  it('retries, times out, opens the circuit, falls back, balances and batches, offline', async () => {
    const lines: string[] = [];
    await runResilienceExample((line) => lines.push(line));
    const out = lines.join('\n');
    expect(out).toContain('"Third time lucky." after 3 requests, having waited the 1s retry-after');
    expect(out).toContain('invalid_request (not retried: 1 request)');
    expect(out).toContain('timeout (firstChunk limit 200ms, retryable: true); requests aborted: 1');
    expect(out).toContain('call 1: answered by mock:backup; tried openai:gpt-4o-mini (overloaded)');
    expect(out).toContain('circuit openai:gpt-4o-mini: closed -> open');
    expect(out).toContain('call 3: answered by mock:backup; tried openai:gpt-4o-mini (circuit_open)');
    expect(out).toContain('the vendor saw 2 requests; circuit is open');
    expect(lines.filter((l) => /item \d: from replica-[ab]$/.test(l))).toHaveLength(5);
    expect(out).toMatch(/item \d: invalid_request: .*that one was malformed/);
    const [, a, b] = /replica-a served (\d+), replica-b (\d+)/.exec(out)!;
    expect(Number(a) + Number(b)).toBe(6);
    expect(Math.min(Number(a), Number(b))).toBeGreaterThanOrEqual(2);
  });
});
