import OpenAI from 'openai';
import { assignArm } from '@llm/recommend';
import { describe, expect, it } from 'vitest';
import { useGatewayWithFakeVendors } from './gateway-with-fake-vendors.js';

const MASTER = 'master-key-recommend-0123456789';
/** Twenty client keys: each is one unit of the experiment. */
const KEYS = Array.from({ length: 20 }, (_, i) => ({ id: `team-${String(i).padStart(2, '0')}`, key: `sk-team-${String(i).padStart(2, '0')}-0123456789abcdef` }));
const TRIAL = { id: 'haiku-vs-mini', arms: [{ name: 'control', weight: 1 }, { name: 'mini', weight: 1 }] };
const ARM_MODEL: Record<string, string> = { control: 'anthropic:claude-haiku-4-5', mini: 'openai:gpt-4o-mini' };

/** Routes by `@llm/recommend` through the built gateway: which model answered is read from the fake vendors' own records. */
describe('recommendation routes and A/B experiments', () => {
  const setup = useGatewayWithFakeVendors({
    env: { MASTER },
    config: `
admin: { masterKey: '\${MASTER}' }
defaults:
  retry: { maxRetries: 0 }
  circuitBreaker: { enabled: false }
models:
  auto:
    description: the cheapest model that fits the request
    recommend:
      models: [openai:gpt-4o, openai:gpt-4o-mini, anthropic:claude-haiku-4-5]
      weights: { cost: 1 }
  trial:
    experiment:
      id: ${TRIAL.id}
      arms:
        - { name: control, model: ${ARM_MODEL.control} }
        - { name: mini, model: ${ARM_MODEL.mini} }
keys:
${KEYS.map((k) => `  - { id: ${k.id}, key: ${k.key} }`).join('\n')}
`,
  });
  const hi = [{ role: 'user' as const, content: 'hi' }];
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${setup.gateway.url}${path}`, { ...init, headers: { authorization: `Bearer ${MASTER}`, 'content-type': 'application/json' } });
  const models = () => [...setup.openai.requests.map((r) => `openai:${r.model}`), ...setup.anthropic.requests.map((r) => `anthropic:${r.model}`)];

  it('sends a recommendation route to the best-ranked model that fits: the cheapest here', async () => {
    const reply = await setup.openaiClient(KEYS[0]!.key).chat.completions.create({ model: 'auto', messages: hi }).withResponse();
    expect(models()).toEqual(['openai:gpt-4o-mini']);
    expect(reply.response.headers.get('x-llm-model')).toBe('openai:gpt-4o-mini');
    expect(reply.data.model).toBe('auto');

    // The Anthropic SDK, streamed: the same choice.
    setup.openai.reset();
    const final = await setup.anthropicClient(KEYS[0]!.key).messages.stream({ model: 'auto', max_tokens: 64, messages: hi }).finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text' });
    expect(models()).toEqual(['openai:gpt-4o-mini']);
  });

  it('adds the request’s own needs: a reply longer than the cheap models give goes to the one that can', async () => {
    // gpt-4o and gpt-4o-mini give at most 16384 output tokens; claude-haiku-4-5 gives 64000.
    const reply = await setup.openaiClient(KEYS[0]!.key).chat.completions.create({ model: 'auto', messages: hi, max_tokens: 20_000 }).withResponse();
    expect(models()).toEqual(['anthropic:claude-haiku-4-5']);
    expect(reply.response.headers.get('x-llm-model')).toBe('anthropic:claude-haiku-4-5');

    const none = await setup.openaiClient(KEYS[0]!.key).chat.completions.create({ model: 'auto', messages: hi, max_tokens: 100_000 }).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(OpenAI.BadRequestError);
    expect((none as Error).message).toContain('no model fits the request');
    expect(models()).toEqual(['anthropic:claude-haiku-4-5']);
  });

  it('moves to the next-ranked model when the best one fails before answering', async () => {
    setup.openai.enqueue({ kind: 'error', error: 'overloaded' });
    const reply = await setup.openaiClient(KEYS[0]!.key).chat.completions.create({ model: 'auto', messages: hi }).withResponse();
    // Ranked by cost: gpt-4o-mini ($0.15/$0.60), claude-haiku-4-5 ($1/$5), gpt-4o ($2.5/$10).
    expect(models()).toEqual(['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5']);
    expect(reply.response.headers.get('x-llm-model')).toBe('anthropic:claude-haiku-4-5');
  });

  it('keeps each client key in one arm of an experiment, the arm its stable hash picks', async () => {
    const byKey = new Map<string, Set<string>>();
    for (const { id, key } of KEYS) {
      const client = setup.openaiClient(key);
      for (let i = 0; i < 3; i += 1) {
        setup.openai.reset();
        setup.anthropic.reset();
        const reply = await client.chat.completions.create({ model: 'trial', messages: hi }).withResponse();
        const [answered] = models();
        const header = reply.response.headers.get('x-llm-experiment')!;
        const arm = /arm=([^;]+)/.exec(header)![1]!;
        expect(header).toMatch(new RegExp(`^id=${TRIAL.id}; arm=${arm}; call=[0-9a-f-]{36}$`));
        expect(answered).toBe(ARM_MODEL[arm]);
        byKey.set(id, (byKey.get(id) ?? new Set()).add(arm));
      }
    }
    for (const { id } of KEYS) expect([...byKey.get(id)!]).toEqual([assignArm(TRIAL, id).arm]);
    const armsUsed = new Set(KEYS.map((k) => assignArm(TRIAL, k.id).arm));
    expect(armsUsed).toEqual(new Set(['control', 'mini']));

    const list = (await (await admin('/admin/experiments')).json()) as { data: Array<{ id: string; route: string; calls: Record<string, number>; arms: unknown[] }> };
    const expected: Record<string, number> = { control: 0, mini: 0 };
    for (const k of KEYS) expected[assignArm(TRIAL, k.id).arm!] = (expected[assignArm(TRIAL, k.id).arm!] ?? 0) + 3;
    expect(list.data).toEqual([
      expect.objectContaining({ id: TRIAL.id, route: 'trial', calls: expected, arms: [{ name: 'control', model: ARM_MODEL.control, weight: 1 }, { name: 'mini', model: ARM_MODEL.mini, weight: 1 }] }),
    ]);
  });

  it('records outcomes by call id and reports the analysis', async () => {
    const reply = await setup.openaiClient(KEYS[1]!.key).chat.completions.create({ model: 'trial', messages: hi }).withResponse();
    const callId = /call=(\S+)$/.exec(reply.response.headers.get('x-llm-experiment')!)![1]!;
    const recorded = await admin(`/admin/experiments/${TRIAL.id}/outcomes`, { method: 'POST', body: JSON.stringify({ callId, outcome: true }) });
    expect(recorded.status).toBe(200);
    const unknownCall = await admin(`/admin/experiments/${TRIAL.id}/outcomes`, { method: 'POST', body: JSON.stringify({ callId: 'nope', outcome: true }) });
    expect(unknownCall.status).toBe(400);
    expect(await unknownCall.text()).toContain('no call nope');
    const badOutcome = await admin(`/admin/experiments/${TRIAL.id}/outcomes`, { method: 'POST', body: JSON.stringify({ callId, outcome: 'great' }) });
    expect(badOutcome.status).toBe(400);

    const analysis = (await (await admin(`/admin/experiments/${TRIAL.id}?primary=outcome`)).json()) as { primary: string; arms: Array<{ arm: string; calls: number; units: number; outcome?: { n: number } }> };
    expect(analysis.primary).toBe('outcome');
    const arm = assignArm(TRIAL, KEYS[1]!.id).arm;
    expect(analysis.arms.find((a) => a.arm === arm)!.outcome).toMatchObject({ kind: 'binary', n: 1, rate: 1 });
    expect(analysis.arms.reduce((n, a) => n + a.units, 0)).toBe(KEYS.length);
    expect((await admin(`/admin/experiments/${TRIAL.id}?primary=vibes`)).status).toBe(400);
    expect((await admin('/admin/experiments/no-such-test')).status).toBe(404);
    expect((await fetch(`${setup.gateway.url}/admin/experiments`)).status).toBe(401);
  });
});
