import type { CliContext } from '../context.js';
import type { Answer } from '../output/run-answer.js';
import { openUsageLedger } from './usage-ledger.js';

/**
 * Keeps what an answer cost in the usage ledger (`llm cost` reads it), `--no-save` or not: the
 * ledger holds no prompt or answer text. A ledger that cannot be written is a warning, never a
 * failed answer.
 */
export async function recordUsage(ctx: CliContext, answer: Answer, sessionId: string | undefined): Promise<void> {
  const usage = answer.response?.usage ?? answer.usage;
  if (answer.mock || !usage) return;
  try {
    const ledger = await openUsageLedger(ctx.paths.usageDb);
    try {
      ledger.record({
        at: new Date().toISOString(),
        model: answer.model,
        answeredBy: answer.answeredBy,
        inputTokens: usage.inputTokens,
        outputTokens: usage.outputTokens,
        costUsd: usage.cost?.totalUsd,
        error: answer.error?.code,
        sessionId,
      });
    } finally {
      ledger.close();
    }
  } catch (err) {
    ctx.terminal.warn(`llm: could not record this call's cost in ${ctx.paths.usageDb}: ${(err as Error).message}`);
  }
}
