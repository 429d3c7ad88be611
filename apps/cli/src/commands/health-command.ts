import { createHealthAggregator, parseDuration, type HealthChecker } from '@llm/core';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { configError } from '../errors/usage-error.js';
import { formatMs } from '../output/format.js';
import { formatTable } from '../output/table.js';
import { PROVIDERS } from '../providers/provider-registry.js';
import { configuredProviders, findBaseUrl, findKey } from '../providers/resolve-target.js';
import { openSqliteCircuitStore, type CircuitEntry } from '../storage/sqlite-circuit-store.js';

export interface HealthFlags {
  json?: boolean;
  /** Bound on each probe (`5s`). */
  timeout?: string;
}

/** One provider's line. */
interface ProviderLine {
  provider: string;
  status: 'healthy' | 'unhealthy';
  latencyMs: number;
  error: { code: string; message: string; status?: number } | null;
  /** The provider's circuits as the llm processes on this machine left them (closed when none failed). */
  circuit: { state: 'closed' | 'open' | 'half_open'; models: Array<{ model: string; state: string; openedAt: string | null }> };
}

/**
 * `llm health`: every provider with a key (or the gateway) probed at once with a cheap
 * authenticated call (listing models: no tokens spent), with its latency and its circuit state.
 */
export async function runHealth(ctx: CliContext, flags: HealthFlags): Promise<number> {
  const { config } = await ctx.config();
  const timeoutMs = flags.timeout === undefined ? 10_000 : parseDuration(flags.timeout);
  const checkers: Record<string, HealthChecker> = {};
  const gateway = ctx.flags.gateway ?? (ctx.env.LLM_GATEWAY_URL?.trim() || undefined) ?? config.gateway?.url;
  if (gateway) {
    const { createGatewayProvider } = await import('../providers/gateway-provider.js');
    checkers.gateway = createGatewayProvider({ url: gateway, apiKey: ctx.env.LLM_GATEWAY_KEY?.trim() || config.gateway?.apiKey });
  } else {
    const providers = configuredProviders(ctx.env, config);
    if (providers.length === 0) {
      throw configError(
        'no provider has a key, so there is nothing to probe',
        `set ${Object.values(PROVIDERS)
          .map((p) => p.keyVariables[0])
          .join(', ')} (or providers.NAME.apiKey in the config file)`,
      );
    }
    for (const name of providers) {
      const { factory, defaultModel } = await PROVIDERS[name].load();
      checkers[name] = factory.createClient({ model: defaultModel, apiKey: findKey(name, ctx.env, config)!.apiKey, baseUrl: findBaseUrl(name, ctx.env, config), logging: { level: 'silent' } });
    }
  }
  const [report, circuits] = await Promise.all([createHealthAggregator(checkers, { timeoutMs }).check(), readCircuits(ctx, gateway !== undefined)]);
  const lines: ProviderLine[] = report.providers.map((p) => ({
    provider: p.name,
    status: p.status,
    latencyMs: p.latencyMs,
    error: p.error ?? null,
    circuit: circuitOf(p.name, circuits),
  }));
  const down = lines.filter((l) => l.status !== 'healthy' || l.circuit.state === 'open');
  if (flags.json) ctx.terminal.out(`${JSON.stringify({ status: report.status, checkedAt: report.checkedAt, providers: lines })}\n`);
  else printTable(ctx, lines);
  return down.length > 0 ? EXIT.unhealthy : EXIT.ok;
}

async function readCircuits(ctx: CliContext, gateway: boolean): Promise<CircuitEntry[]> {
  if (gateway) return [];
  const store = await openSqliteCircuitStore(ctx.paths.circuitsDb);
  try {
    return store.list();
  } finally {
    store.close();
  }
}

function circuitOf(provider: string, circuits: readonly CircuitEntry[]): ProviderLine['circuit'] {
  const mine = circuits.filter((c) => c.key.startsWith(`${provider}:`));
  const models = mine.map((c) => ({ model: c.key.slice(provider.length + 1), state: c.state, openedAt: c.openedAt === undefined ? null : new Date(c.openedAt).toISOString() }));
  const state = mine.some((c) => c.state === 'open') ? 'open' : mine.some((c) => c.state === 'half_open') ? 'half_open' : 'closed';
  return { state, models };
}

function printTable(ctx: CliContext, lines: readonly ProviderLine[]): void {
  const { green, red, yellow } = ctx.terminal.outColours;
  const rows = lines.map((l) => {
    const open = l.circuit.models.filter((m) => m.state !== 'closed').map((m) => `${m.state.replace('_', '-')}: ${m.model}`);
    const circuit = open.length > 0 ? yellow(open.join(', ')) : 'closed';
    const status = l.status === 'healthy' ? green('up') : red('down');
    const detail = l.error ? `${l.error.code}${l.error.status ? ` (HTTP ${l.error.status})` : ''}: ${l.error.message.replace(/\s+/g, ' ').slice(0, 80)}` : '';
    return [l.provider, status, formatMs(l.latencyMs), circuit, detail];
  });
  ctx.terminal.out(formatTable(['PROVIDER', 'STATUS', 'LATENCY', 'CIRCUIT', 'ERROR'], rows));
}
