import { chatModelFrom } from '@llm/core';
import { LLMError } from '@llm/errors';
import { createMockModel } from '@llm/mocks';
import { describe, expect, it, vi } from 'vitest';
import { assignArm, stableUniform, type Experiment } from './experiment.js';
import { createExperiment, type ExperimentInfo } from './experiment-model.js';
import { createInMemoryExperimentStore, type ExperimentCall, type ExperimentStore } from './experiment-store.js';
import { analyzeExperiment } from './analyze-experiment.js';

const experiment: Experiment = { id: 'model-swap', arms: [{ name: 'control', weight: 1 }, { name: 'treatment', weight: 1 }] };
const ask = (user?: string) => ({ messages: [{ role: 'user' as const, content: 'hi' }], ...(user ? { tags: { user } } : {}) });
const infoOf = (r: { providerMetadata?: Record<string, unknown> | undefined }) => r.providerMetadata!.experiment as ExperimentInfo;

describe('assignment', () => {
  it('is sticky per key, splits by the weights, and holds out the configured share', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
    const weighted: Experiment = { id: 'w', arms: [{ name: 'a', weight: 3 }, { name: 'b', weight: 1 }], holdout: 0.2 };
    const arms = keys.map((k) => assignArm(weighted, k).arm);
    expect(keys.map((k) => assignArm(weighted, k).arm)).toEqual(arms);
    const share = (name: string | null) => arms.filter((a) => a === name).length / keys.length;
    // Binomial standard errors at n = 20000 are below 0.004; allow four.
    expect(share(null)).toBeCloseTo(0.2, 1);
    expect(Math.abs(share('a') - 0.6)).toBeLessThan(0.016);
    expect(Math.abs(share('b') - 0.2)).toBeLessThan(0.016);
    // Another salt re-randomises.
    const resalted = keys.map((k) => assignArm({ ...weighted, salt: 'round-2' }, k).arm);
    expect(resalted.filter((a, i) => a !== arms[i]).length).toBeGreaterThan(4000);
  });

  it('hashes uniformly into [0, 1)', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => stableUniform(`k${i}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 1);
  });
});

describe('createExperiment', () => {
  const setup = () => {
    const control = createMockModel({ provider: 'openai', modelId: 'gpt-4o', defaultScenario: { kind: 'text', text: 'control answer', usage: { inputTokens: 10, outputTokens: 5 } } });
    const treatment = createMockModel({ provider: 'openai', modelId: 'gpt-4o-mini', defaultScenario: { kind: 'text', text: 'treatment answer', usage: { inputTokens: 10, outputTokens: 7 } } });
    let clock = 1000;
    const runner = createExperiment({ experiment, arms: { treatment: treatment.model }, now: () => (clock += 5) });
    return { control, treatment, runner, model: runner.middleware(control.model) };
  };

  it('sends each user to one arm, records the call and tags the response; outcomes come later by call id', async () => {
    const { runner, model, control, treatment } = setup();
    const seen = new Map<string, string>();
    for (let round = 0; round < 2; round++) {
      for (let u = 0; u < 30; u++) {
        const response = await model.chat(ask(`user-${u}`));
        const info = infoOf(response);
        expect(response.text).toBe(`${info.arm} answer`);
        if (round === 1) expect(info.arm).toBe(seen.get(`user-${u}`));
        seen.set(`user-${u}`, info.arm);
        runner.recordOutcome(info.callId, info.arm === 'treatment');
      }
    }
    expect(control.requests.length + treatment.requests.length).toBe(60);
    const calls = runner.store.calls('model-swap');
    expect(calls).toHaveLength(60);
    expect(calls[0]).toMatchObject({ experimentId: 'model-swap', unit: 'user-0', latencyMs: 5, inputTokens: 10, error: undefined });
    expect(calls.every((c) => c.outcome === (c.arm === 'treatment'))).toBe(true);
    const analysis = analyzeExperiment(experiment, calls);
    const unitsIn = (arm: string) => [...seen.values()].filter((a) => a === arm).length;
    expect(analysis.arms.map((a) => a.units)).toEqual([unitsIn('control'), unitsIn('treatment')]);
    expect(analysis.arms[0]!.units + analysis.arms[1]!.units).toBe(30);
  });

  it('records failures with their code, and rethrows them', async () => {
    const { runner, model, control, treatment } = setup();
    control.enqueue({ kind: 'error', error: 'invalid_request' });
    treatment.enqueue({ kind: 'error', error: 'invalid_request' });
    const error = await model.chat(ask('someone'), { retry: { maxRetries: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect(runner.store.calls('model-swap')[0]!.error).toBe('invalid_request');
  });

  it('records a stream with its time to first chunk, and tags its final response', async () => {
    const { runner, model } = setup();
    const stream = model.streamChat(ask('streamer'));
    for await (const event of stream) void event;
    const info = infoOf(await stream.response);
    const call = runner.store.calls('model-swap')[0]!;
    expect(call.callId).toBe(info.callId);
    expect(call.timeToFirstChunkMs).toBeGreaterThan(0);
    expect(call.latencyMs).toBeGreaterThan(call.timeToFirstChunkMs!);
    expect(call.outputTokens).toBe(info.arm === 'treatment' ? 7 : 5);
  });

  it('keeps exactly one record per stream, whatever becomes of it, on the arm’s own stream (no layer per chunk)', async () => {
    const control = createMockModel({ provider: 'openai', modelId: 'gpt-4o', defaultScenario: { kind: 'text', text: 'a b c d e', usage: { inputTokens: 3, outputTokens: 5 } } });
    const treatment = createMockModel({ provider: 'openai', modelId: 'gpt-4o-mini', defaultScenario: { kind: 'text', text: 'v w x y z', usage: { inputTokens: 3, outputTokens: 7 } } });
    let opened: unknown;
    const watched = chatModelFrom({
      provider: treatment.model.provider,
      modelId: treatment.model.modelId,
      chat: (request, options) => treatment.model.chat(request, options),
      streamChat: (request, options) => {
        const stream = treatment.model.streamChat(request, options);
        opened = stream;
        return stream;
      },
    });
    const runner = createExperiment({ experiment, arms: { treatment: watched } });
    const model = runner.middleware(control.model);
    const userIn = (arm: string, from = 0): string => {
      for (let i = from; ; i++) if (assignArm(experiment, `u${i}`).arm === arm) return `u${i}`;
    };

    // The caller reads the treatment's stream itself: the experiment only watches it.
    const direct = model.streamChat(ask(userIn('treatment')));
    expect(direct).toBe(opened);
    for await (const event of direct) void event;

    // Twenty streams read at once, to the end: each finish event and each `response` carry their own call id.
    const full = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const stream = model.streamChat(ask(`many-${i}`));
        let finished: ExperimentInfo | undefined;
        for await (const event of stream) if (event.type === 'finish') finished = infoOf(event.response);
        expect(infoOf(await stream.response)).toEqual(finished);
        return finished!;
      }),
    );
    // Only the response awaited, never iterated.
    const drained = infoOf(await model.streamChat(ask('drained')).response);
    // The caller leaves after the first event.
    for await (const event of model.streamChat(ask(userIn('control')))) if (event) break;
    // The caller's signal aborts after the first event.
    const controller = new AbortController();
    const aborted = model.streamChat(ask(userIn('treatment', 100)), { signal: controller.signal });
    await expect(
      (async () => {
        for await (const event of aborted) if (event) controller.abort();
      })(),
    ).rejects.toMatchObject({ code: 'canceled' });
    // Fails after some text, and fails before any.
    control.enqueue({ kind: 'stream-error', afterText: 'partial', error: 'provider_error' });
    const failing = model.streamChat(ask(userIn('control', 200)));
    await expect(
      (async () => {
        for await (const event of failing) void event;
      })(),
    ).rejects.toMatchObject({ code: 'provider_error' });
    treatment.enqueue({ kind: 'error', error: 'invalid_request' });
    await expect(model.streamChat(ask(userIn('treatment', 300))).response).rejects.toMatchObject({ code: 'invalid_request' });

    const calls = runner.store.calls('model-swap');
    expect(calls).toHaveLength(26);
    expect(new Set(calls.map((c) => c.callId)).size).toBe(26);
    for (const info of [...full, drained]) {
      const call = calls.find((c) => c.callId === info.callId)!;
      expect(call).toMatchObject({ arm: info.arm, error: undefined, outputTokens: info.arm === 'treatment' ? 7 : 5 });
      expect(call.timeToFirstChunkMs).toBeGreaterThanOrEqual(0);
    }
    expect(calls.map((c) => c.error).filter(Boolean)).toEqual(['canceled', 'canceled', 'provider_error', 'invalid_request']);
    const [left, abortedCall, failedLate, failedEarly] = calls.filter((c) => c.error);
    expect([left!.arm, abortedCall!.arm, failedLate!.arm, failedEarly!.arm]).toEqual(['control', 'treatment', 'control', 'treatment']);
    expect(failedLate!.timeToFirstChunkMs).toBeGreaterThanOrEqual(0);
    expect(failedEarly!.timeToFirstChunkMs).toBeUndefined();
  });

  it('records a stream whose model throws instead of returning a stream, when it is read', async () => {
    const control = createMockModel();
    const throwing = chatModelFrom({
      provider: 'openai',
      modelId: 'broken',
      chat: () => Promise.reject(new Error('no')),
      streamChat: () => {
        throw new LLMError({ code: 'configuration', message: 'no stream for you', local: true });
      },
    });
    const runner = createExperiment({ experiment: { id: 'x', arms: [{ name: 'control', weight: 0.000001 }, { name: 'broken', weight: 1 }] }, arms: { broken: throwing } });
    const stream = runner.middleware(control.model).streamChat(ask('anyone'));
    await expect(stream.response).rejects.toMatchObject({ code: 'configuration', message: 'no stream for you' });
    expect(runner.store.calls('x').map((c) => [c.arm, c.error])).toEqual([['broken', 'configuration']]);
  });

  it('leaves held-out units alone: the wrapped model answers and nothing is recorded', async () => {
    const control = createMockModel({ defaultScenario: { kind: 'text', text: 'as today' } });
    const runner = createExperiment({ experiment: { ...experiment, holdout: 0.999999 }, arms: { treatment: createMockModel().model } });
    const response = await runner.middleware(control.model).chat(ask('anyone'));
    expect(response.text).toBe('as today');
    expect(response.providerMetadata?.['experiment']).toBeUndefined();
    expect(runner.store.calls('model-swap')).toHaveLength(0);
  });

  it('refuses bad set-ups and bad outcomes with typed errors', () => {
    expect(() => createExperiment({ experiment: { id: 'x', arms: [{ name: 'only', weight: 1 }] } })).toThrow(/at least two arms/);
    expect(() => createExperiment({ experiment: { id: 'x', arms: [{ name: 'a', weight: 1 }, { name: 'a', weight: 1 }] } })).toThrow(/unique/);
    expect(() => createExperiment({ experiment, arms: { treatmnt: createMockModel().model } })).toThrow(/"treatmnt", which is not one of its arms/);
    const { runner } = setup();
    expect(() => runner.recordOutcome('nope', true)).toThrow(/no call nope/);
    expect(() => runner.recordOutcome('nope', Number.NaN)).toThrow(/finite number/);
  });

  it('works on an asynchronous store: records without delaying the call, outcomes by promise, a failed write reported', async () => {
    const memory = createInMemoryExperimentStore();
    let failWrites = false;
    // A store that answers later, as a database does.
    const later: ExperimentStore = {
      add: async (call) => {
        await new Promise((r) => setImmediate(r));
        if (failWrites) throw new Error('disk full');
        memory.add(call);
      },
      setOutcome: async (callId, outcome) => memory.setOutcome(callId, outcome),
      calls: async (id) => memory.calls(id),
    };
    const failed: Array<[string, ExperimentCall]> = [];
    const assigned: Array<[ExperimentInfo, unknown]> = [];
    const scopeKey = Symbol('caller');
    const control = createMockModel({ defaultScenario: { kind: 'text', text: 'control answer' } });
    const runner = createExperiment({
      experiment,
      arms: { treatment: createMockModel({ defaultScenario: { kind: 'text', text: 'treatment answer' } }).model },
      store: later,
      onStoreError: (error, call) => failed.push([error.message, call]),
      onAssign: (info, _request, options) => assigned.push([info, options?.scope?.[scopeKey]]),
    });
    const model = runner.middleware(control.model);

    // A stream's assignment is known before its first event, with the caller's scope.
    const stream = model.streamChat(ask('user-1'), { scope: { [scopeKey]: 'request-1' } });
    expect(assigned).toHaveLength(1);
    expect(assigned[0]![1]).toBe('request-1');
    let text = '';
    for await (const event of stream) if (event.type === 'text-delta') text += event.text;
    expect(text).toBe(`${assigned[0]![0].arm} answer`);
    const info = infoOf(await stream.response);
    expect(info).toEqual(assigned[0]![0]);

    await vi.waitFor(async () => expect(await later.calls('model-swap')).toHaveLength(1));
    await expect(runner.recordOutcome(info.callId, true)).resolves.toBeUndefined();
    await expect(runner.recordOutcome('nope', true)).rejects.toThrow(/no call nope/);
    expect((await later.calls('model-swap'))[0]!.outcome).toBe(true);

    failWrites = true;
    const answered = await model.chat(ask('user-2'));
    expect(answered.text).toMatch(/answer$/);
    await vi.waitFor(() => expect(failed).toHaveLength(1));
    expect(failed).toEqual([[expect.stringContaining('disk full'), expect.objectContaining({ callId: infoOf(answered).callId, experimentId: 'model-swap' })]]);
    expect(await later.calls('model-swap')).toHaveLength(1);
  });
});
