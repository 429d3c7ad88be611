import { describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';

const world = useCliWorld('openai', 'anthropic');
const keys = () => world.keys('openai', 'anthropic');

interface Health {
  status: string;
  providers: Array<{ provider: string; status: string; latencyMs: number; error: { code: string } | null; circuit: { state: string; models: Array<{ model: string; state: string }> } }>;
}

describe('llm health', () => {
  it('without a key there is nothing to probe: exit 3 with a hint', async () => {
    const run = await world.sandbox.run(['health']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^llm: no provider has a key, so there is nothing to probe \[configuration\] \(hint: set OPENAI_API_KEY, /);
  });

  it('probes every provider with a key at once, without spending tokens', async () => {
    const run = await world.sandbox.run(['health', '--json'], { env: keys() });
    expect(run.code).toBe(0);
    const health = JSON.parse(run.stdout) as Health;
    expect(health.status).toBe('healthy');
    expect(health.providers.map((p) => [p.provider, p.status, p.circuit.state])).toEqual([
      ['openai', 'healthy', 'closed'],
      ['anthropic', 'healthy', 'closed'],
    ]);
    expect(health.providers.every((p) => p.latencyMs >= 0 && p.error === null)).toBe(true);
    // The probe lists models (a wrong key fails it: next test); no completion is asked for.
    expect(world.servers.openai.requests).toEqual([]);
    expect(world.servers.anthropic.requests).toEqual([]);
    const table = await world.sandbox.run(['health'], { env: keys() });
    expect(table.stdout).toMatch(/^PROVIDER\s+STATUS\s+LATENCY\s+CIRCUIT\s+ERROR\nopenai\s+up\s+\d+ ms\s+closed\nanthropic\s+up\s+\d+ ms\s+closed\n$/);
  });

  it('a provider that is down makes it exit 10 and says why', async () => {
    const run = await world.sandbox.run(['health'], { env: { ...keys(), ANTHROPIC_API_KEY: 'sk-ant-wrong-0000000000' } });
    expect(run.code).toBe(10);
    expect(run.stdout).toMatch(/\nanthropic\s+down\s+\d+ ms\s+closed\s+authentication \(HTTP 401\): /);
    expect(run.stdout).not.toContain('sk-ant-wrong');
  });

  it('shows a circuit that calls opened: every llm process shares it, and it fails fast', async () => {
    const env = world.keys('openai');
    for (let i = 0; i < 5; i++) {
      world.servers.openai.enqueue({ kind: 'error', error: 'overloaded' });
      expect((await world.sandbox.run(['--retries', '0', 'Hi'], { env })).code).toBe(7);
    }
    const fast = await world.sandbox.run(['--retries', '0', 'Hi'], { env });
    expect(fast.code).toBe(7);
    expect(fast.stderr).toMatch(/circuit open .*\[circuit_open\] \(hint: the provider failed repeatedly; llm health shows its state\)/);
    // The sixth call never reached the vendor.
    expect(world.servers.openai.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(5);

    const run = await world.sandbox.run(['health', '--json'], { env });
    expect(run.code).toBe(10);
    const health = JSON.parse(run.stdout) as Health;
    expect(health.providers[0]).toMatchObject({ provider: 'openai', status: 'healthy', circuit: { state: 'open', models: [{ model: 'gpt-4o-mini', state: 'open' }] } });
    const table = await world.sandbox.run(['health'], { env });
    expect(table.stdout).toMatch(/\nopenai\s+up\s+\d+ ms\s+open: gpt-4o-mini/);
  });
});
