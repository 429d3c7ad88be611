import type { CallOptions } from '@llm/core';

/** An A/B test's assignment of one call (`@llm/recommend`'s `ExperimentInfo`). */
export interface ExperimentNote {
  readonly id: string;
  readonly arm: string;
  readonly callId: string;
}

/**
 * What the layers of a route learn about a call before it answers, for the reply's headers: the
 * chat handler puts an empty notes object in the call's `scope`, a route writes into it (an
 * experiment route its assignment, before the arm's model is called), and a stream's headers,
 * which wait for the first event anyway, carry it.
 */
export interface CallNotes {
  experiment?: ExperimentNote;
}

export const CALL_NOTES: unique symbol = Symbol('llm-gateway call notes');

/** The call's notes, when the gateway's chat handler made the call. */
export function callNotesOf(options: CallOptions | undefined): CallNotes | undefined {
  return options?.scope?.[CALL_NOTES] as CallNotes | undefined;
}

/** `x-llm-experiment: id=...; arm=...; call=...` (the call id is what `/admin/experiments/{id}/outcomes` takes). */
export function experimentHeader(note: ExperimentNote): string {
  return `id=${encodeURIComponent(note.id)}; arm=${note.arm}; call=${note.callId}`;
}
