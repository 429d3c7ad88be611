/**
 * Makes `controller` follow `signal`: when `signal` aborts, `controller` aborts with the same
 * reason (at once if it already has). Returns the unlink, which removes the one listener this added
 * to `signal`; call it once the work under `controller` has settled, so that a signal given to many
 * calls (one for a whole job, say) does not collect a listener per call.
 *
 * A provider hands its vendor SDK `controller.signal` instead of the caller's signal: an SDK that
 * adds a listener of its own and never removes it (the openai SDK, @google/genai) then leaves it on
 * a signal that dies with the call. Not `AbortSignal.any([signal])`: on Node 20 that adds no
 * listener, but `signal` keeps a reference to every signal made from it, collected or not (12 calls
 * left 12 behind, 200,000 calls about 230 MB).
 */
export function linkSignal(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return noop;
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

function noop(): void {}

/**
 * Runs `work` with a signal of its own that follows `signal` (see {@link linkSignal}) and lets go of
 * `signal` once `work` has settled, fulfilled or rejected. Without a `signal`, `work` gets none. What
 * a provider wraps its vendor SDK's call in, so that the SDK's own listener lands on a signal that
 * dies with the call.
 */
export async function withLinkedSignal<T>(signal: AbortSignal | undefined, work: (own: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!signal) return work(undefined);
  const own = new AbortController();
  const unlink = linkSignal(signal, own);
  try {
    return await work(own.signal);
  } finally {
    unlink();
  }
}
