import { randomUUID } from 'node:crypto';
import { type CallOptions, type ChatModel, type ChatStream, chatModelFrom, failedStream, type Middleware, observeStream } from '@llm/core';
import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import { assignArm, checkExperiment, type Experiment } from './experiment.js';
import { checkOutcome, createInMemoryExperimentStore, type ExperimentCall, type ExperimentStore, type InMemoryExperimentStore } from './experiment-store.js';

/** Put in `response.providerMetadata.experiment` of every call made in the experiment. */
export interface ExperimentInfo {
  readonly id: string;
  readonly arm: string;
  /** Give it to `recordOutcome` when the application knows how the answer did. */
  readonly callId: string;
}

export interface ExperimentOptions<S extends ExperimentStore = InMemoryExperimentStore> {
  readonly experiment: Experiment;
  /**
   * The model of each arm, by name. An arm given `undefined` (or left out) gets the model the
   * middleware wraps, so `{ control: undefined, treatment: otherModel }` tests a change against
   * what the client does today.
   */
  readonly arms?: Readonly<Record<string, ChatModel | undefined>> | undefined;
  /** Where calls are recorded (default: in memory). */
  readonly store?: S | undefined;
  /** A store whose `add` failed (its promise rejected): the call itself went on. Default: a process warning. */
  readonly onStoreError?: ((error: LLMError, call: ExperimentCall) => void) | undefined;
  /**
   * Called as a call is assigned to an arm (not for the holdout), before the arm's model is called:
   * e.g. to send the call id in a streamed reply's headers before the first chunk. Gets the call's
   * own options (their `scope` carries what the caller put there).
   */
  readonly onAssign?: ((info: ExperimentInfo, request: ChatRequest<unknown>, options: CallOptions | undefined) => void) | undefined;
  /** The unit a call belongs to (a user, a session): the same key always gets the same arm. Default `request.tags.user`. */
  readonly unitKey?: ((request: ChatRequest<unknown>) => string | undefined) | undefined;
  /** For tests: the clock (ms) and the randomness of key-less assignment. */
  readonly now?: (() => number) | undefined;
  readonly random?: (() => number) | undefined;
}

export interface ExperimentRunner<S extends ExperimentStore = InMemoryExperimentStore> {
  readonly experiment: Experiment;
  readonly store: S;
  /** Wraps a client: each call goes to its unit's arm and is recorded. */
  readonly middleware: Middleware;
  /**
   * Reports how a call's answer did (binary or numeric); refused with `invalid_request` for an
   * unknown call or a bad value (thrown, or for a store whose `setOutcome` is asynchronous, rejected).
   */
  recordOutcome(callId: string, outcome: boolean | number): void | Promise<void>;
}

const defaultUnitKey = (request: ChatRequest<unknown>): string | undefined => request.tags?.['user'];

/**
 * An A/B test on any client: units are assigned to arms by a stable hash of their key (sticky),
 * with an optional holdout, and every call in the experiment is recorded with its latency, time to
 * first chunk, tokens, cost and error; the application reports outcomes later by call id. Analyse
 * the records with `analyzeExperiment`.
 */
export function createExperiment<S extends ExperimentStore = InMemoryExperimentStore>(options: ExperimentOptions<S>): ExperimentRunner<S> {
  const { experiment } = options;
  checkExperiment(experiment);
  const armNames = new Set(experiment.arms.map((a) => a.name));
  for (const name of Object.keys(options.arms ?? {})) {
    if (!armNames.has(name)) throw new LLMError({ code: 'configuration', message: `experiment ${experiment.id}: arms names "${name}", which is not one of its arms (${[...armNames].join(', ')})`, local: true });
  }
  // Without a store the default S is the in-memory store's type.
  const store = options.store ?? (createInMemoryExperimentStore() as unknown as S);
  const onStoreError =
    options.onStoreError ??
    ((error: LLMError, call: ExperimentCall) => process.emitWarning(`experiment ${call.experimentId}: call ${call.callId} was not recorded: ${error.message}`, 'ExperimentStoreWarning'));
  const unitKey = options.unitKey ?? defaultUnitKey;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;

  const record = (arm: string, unit: string | undefined, startedAt: number, firstChunkAt: number | undefined, response: ChatResponse<unknown> | undefined, error: LLMError | undefined, callId: string) => {
    const call: ExperimentCall = {
      callId,
      experimentId: experiment.id,
      arm,
      unit,
      startedAt,
      latencyMs: now() - startedAt,
      timeToFirstChunkMs: firstChunkAt === undefined ? undefined : firstChunkAt - startedAt,
      inputTokens: response?.usage.inputTokens,
      outputTokens: response?.usage.outputTokens,
      costUsd: response?.usage.cost?.totalUsd,
      error: error?.code,
    };
    const added = store.add(call);
    if (added instanceof Promise) added.catch((err: unknown) => onStoreError(toLLMError(err), call));
  };
  const tag = <T>(response: ChatResponse<T>, info: ExperimentInfo): ChatResponse<T> => ({ ...response, providerMetadata: { ...response.providerMetadata, experiment: info } });

  const middleware: Middleware = (inner) => {
    const modelOf = (arm: string): ChatModel => options.arms?.[arm] ?? inner;
    const route = (request: ChatRequest<unknown>) => {
      const unit = unitKey(request);
      const { arm } = assignArm(experiment, unit, random);
      return { unit, arm };
    };

    const chat = async <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions?: CallOptions): Promise<ChatResponse<TOutput>> => {
      const { unit, arm } = route(request as ChatRequest<unknown>);
      if (arm === null) return inner.chat(request, callOptions);
      const callId = randomUUID();
      options.onAssign?.({ id: experiment.id, arm, callId }, request as ChatRequest<unknown>, callOptions);
      const startedAt = now();
      try {
        const response = await modelOf(arm).chat(request, callOptions);
        record(arm, unit, startedAt, undefined, response as ChatResponse<unknown>, undefined, callId);
        return tag(response, { id: experiment.id, arm, callId });
      } catch (err) {
        record(arm, unit, startedAt, undefined, undefined, toLLMError(err, { provider: inner.provider, model: inner.modelId }), callId);
        throw err;
      }
    };

    const streamChat = <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions: CallOptions = {}): ChatStream<TOutput> => {
      const { unit, arm } = route(request as ChatRequest<unknown>);
      if (arm === null) return inner.streamChat(request, callOptions);
      const callId = randomUUID();
      const info: ExperimentInfo = { id: experiment.id, arm, callId };
      options.onAssign?.(info, request as ChatRequest<unknown>, callOptions);
      let startedAt = now();
      let firstChunkAt: number | undefined;
      // The arm's own stream, watched (no layer per chunk): exactly one record per call, whether it
      // finishes, fails or the caller leaves early (`canceled`).
      const model = modelOf(arm);
      let stream: ChatStream<TOutput>;
      try {
        stream = model.streamChat(request, callOptions);
      } catch (err) {
        // A model that throws instead of returning a failed stream: the call is still recorded when read.
        stream = failedStream(toLLMError(err, { provider: model.provider, model: model.modelId }), model.provider, model.modelId);
      }
      return observeStream(stream, {
        onStart: () => {
          startedAt = now();
        },
        onEvent: (event) => {
          firstChunkAt ??= now();
          // The finish event is the caller's own object; its response is replaced by a tagged copy
          // (the response itself may be shared, e.g. by a cache) before the caller or
          // `stream.response` sees it.
          if (event.type === 'finish') event.response = tag(event.response, info);
        },
        onFinish: (response) => record(arm, unit, startedAt, firstChunkAt, response as ChatResponse<unknown>, undefined, callId),
        onError: (error) => record(arm, unit, startedAt, firstChunkAt, undefined, error, callId),
      });
    };
    return chatModelFrom({ provider: inner.provider, modelId: inner.modelId, chat, streamChat });
  };

  return {
    experiment,
    store,
    middleware,
    recordOutcome(callId, outcome) {
      checkOutcome(outcome);
      const unknown = () => new LLMError({ code: 'invalid_request', message: `experiment ${experiment.id}: no call ${callId} to record an outcome for`, local: true });
      const set = store.setOutcome(callId, outcome);
      if (set instanceof Promise) {
        return set.then((found) => {
          if (!found) throw unknown();
        });
      }
      if (!set) throw unknown();
    },
  };
}
