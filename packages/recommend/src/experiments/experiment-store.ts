import { LLMError } from '@llm/errors';

/** One call made in an experiment, and what came of it. */
export interface ExperimentCall {
  readonly callId: string;
  readonly experimentId: string;
  readonly arm: string;
  /** The unit's key (a user, a session), when the call had one. */
  readonly unit: string | undefined;
  /** When the call started, ms since the epoch. */
  readonly startedAt: number;
  readonly latencyMs: number;
  readonly timeToFirstChunkMs: number | undefined;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly costUsd: number | undefined;
  /** The LLMError code when the call failed. */
  readonly error: string | undefined;
  /** What the application reported later (`recordOutcome`): true/false or a number. */
  outcome?: boolean | number | undefined;
}

/**
 * Where experiment calls are kept. The in-memory store is the default; any store with these
 * methods will do, synchronous or not (a database's: `@llm/postgres`' experiment store). A call is
 * never delayed by `add`: its promise is not awaited by the call (a failure goes to
 * `onStoreError`).
 */
export interface ExperimentStore {
  add(call: ExperimentCall): void | Promise<void>;
  /** Records an outcome for a call; false when the call is unknown. */
  setOutcome(callId: string, outcome: boolean | number): boolean | Promise<boolean>;
  calls(experimentId: string): readonly ExperimentCall[] | Promise<readonly ExperimentCall[]>;
}

/** The in-memory store: every method synchronous. */
export interface InMemoryExperimentStore extends ExperimentStore {
  add(call: ExperimentCall): void;
  setOutcome(callId: string, outcome: boolean | number): boolean;
  calls(experimentId: string): readonly ExperimentCall[];
}

export interface InMemoryExperimentStoreOptions {
  /** Most calls kept per experiment; the oldest go first (default 1,000,000). */
  maxCalls?: number;
}

export function createInMemoryExperimentStore(options: InMemoryExperimentStoreOptions = {}): InMemoryExperimentStore {
  const maxCalls = options.maxCalls ?? 1_000_000;
  const byExperiment = new Map<string, ExperimentCall[]>();
  const byId = new Map<string, ExperimentCall>();
  return {
    add(call) {
      let list = byExperiment.get(call.experimentId);
      if (!list) byExperiment.set(call.experimentId, (list = []));
      list.push(call);
      byId.set(call.callId, call);
      if (list.length > maxCalls) byId.delete(list.shift()!.callId);
    },
    setOutcome(callId, outcome) {
      const call = byId.get(callId);
      if (!call) return false;
      call.outcome = outcome;
      return true;
    },
    calls(experimentId) {
      return byExperiment.get(experimentId) ?? [];
    },
  };
}

/** Checks an outcome the application reports: a boolean or a finite number. */
export function checkOutcome(outcome: unknown): asserts outcome is boolean | number {
  if (typeof outcome === 'boolean' || (typeof outcome === 'number' && Number.isFinite(outcome))) return;
  throw new LLMError({ code: 'invalid_request', message: `an outcome must be true, false or a finite number; got ${typeof outcome === 'number' ? String(outcome) : typeof outcome}`, local: true });
}
