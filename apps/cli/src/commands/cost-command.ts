import { existsSync } from 'node:fs';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { usageError } from '../errors/usage-error.js';
import { sinceOf } from './since-flag.js';
import { formatUsd } from '../output/format.js';
import { formatTable } from '../output/table.js';
import { spendByPeriod, type Period, type SpendRow } from '../usage/spend.js';
import { openRecordedStore } from './recorded-store.js';

export interface CostFlags {
  period?: string;
  /** `7d`, `4w`, or a date `2026-11-01`. */
  since?: string;
  format?: string;
  /** Another analytics store file (a gateway's), instead of this machine's. */
  store?: string;
}

const PERIODS: readonly Period[] = ['day', 'week', 'month'];
const FORMATS = ['table', 'csv', 'json'] as const;

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
const csvField = (value: string | number) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));

/** `llm cost`: what the calls of this machine's `llm` cost, per period and model, from the analytics store's `call` records. */
export async function runCost(ctx: CliContext, flags: CostFlags): Promise<number> {
  const period = (flags.period ?? 'day') as Period;
  if (!PERIODS.includes(period)) throw usageError(`--period "${flags.period}" is not one of ${PERIODS.join(', ')}`, 'e.g. llm cost --period week');
  const format = flags.format ?? 'table';
  if (!(FORMATS as readonly string[]).includes(format)) throw usageError(`--format "${format}" is not one of ${FORMATS.join(', ')}`, 'e.g. llm cost --format csv');
  const now = new Date();
  const since = sinceOf(flags.since, now);
  if (existsSync(ctx.paths.oldUsageDb)) {
    ctx.terminal.warn(`llm: ${ctx.paths.oldUsageDb} (the cost ledger of earlier development builds of llm) is no longer read: every call since is in ${ctx.paths.analyticsDb}; delete it when you no longer need it`);
  }
  const recorded = await openRecordedStore(ctx, flags.store);
  let rows: SpendRow[];
  try {
    rows = await spendByPeriod(recorded.store, period, since === undefined ? undefined : Date.parse(since), now.getTime());
  } finally {
    await recorded.close();
  }
  const columns = ['period', 'model', 'calls', 'failed', 'inputTokens', 'outputTokens', 'costUsd', 'unpriced'] as const;
  if (format === 'json') ctx.terminal.out(`${JSON.stringify(rows)}\n`);
  else if (format === 'csv') ctx.terminal.out([columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))].join('\n') + '\n');
  else if (rows.length > 0) {
    const header = [period === 'week' ? 'WEEK OF' : period.toUpperCase(), 'MODEL', 'CALLS', 'FAILED', 'TOKENS IN', 'TOKENS OUT', 'COST'];
    ctx.terminal.out(formatTable(header, rows.map((r) => [r.period, r.model, String(r.calls), String(r.failed), String(r.inputTokens), String(r.outputTokens), r.unpriced > 0 ? `${formatUsd(r.costUsd)} + ${r.unpriced} unpriced` : formatUsd(r.costUsd)])));
  }
  const total = rows.reduce((sum, r) => sum + r.costUsd, 0);
  const calls = rows.reduce((sum, r) => sum + r.calls, 0);
  const unpriced = rows.reduce((sum, r) => sum + r.unpriced, 0);
  ctx.terminal.info(
    calls === 0
      ? `llm: no calls recorded${since ? ` since ${since.slice(0, 10)}` : ''} (every call to a vendor or a gateway is; the built-in mock's are not)`
      : `llm: ${calls} calls, ${formatUsd(total)}${unpriced ? ` (and ${unpriced} calls whose price is unknown)` : ''}${since ? ` since ${since.slice(0, 10)} (whole UTC days)` : ''}`,
  );
  return EXIT.ok;
}
