/**
 * Resolves once `check()` holds, polling every `everyMs`; rejects naming `what` when it still does
 * not after `ms`. For suites that wait on a fake server's state (a request arrived, a stream was
 * cancelled) without a hook to be told.
 */
export async function waitFor(check: () => boolean, what = 'condition', ms = 15_000, everyMs = 10): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what} not met in time (${ms} ms)`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
