import { createHealthAggregator, parseDuration, type HealthChecker } from '@llm/core';
import { LLMError } from '@llm/errors';
import type { CliConfig } from '../config/cli-config.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { configError, usageError } from '../errors/usage-error.js';
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
  if (timeoutMs === undefined) throw usageError(`--timeout takes a duration, got "${flags.timeout}"`, 'e.g. --timeout 5s or --timeout 500ms');
  const gateway = ctx.flags.gateway ?? (ctx.env.LLM_GATEWAY_URL?.trim() || undefined) ?? config.gateway?.url;
  const lines = gateway ? await gatewayHealth(gateway, timeoutMs) : await localHealth(ctx, config, timeoutMs);
  const down = lines.filter((l) => l.status !== 'healthy' || l.circuit.state === 'open');
  const healthy = lines.filter((l) => l.status === 'healthy').length;
  const status = healthy === lines.length ? 'healthy' : healthy === 0 ? 'unhealthy' : 'degraded';
  if (flags.json) ctx.terminal.out(`${JSON.stringify({ status, ...(gateway ? { gateway } : {}), providers: lines })}\n`);
  else printTable(ctx, lines);
  return down.length > 0 ? EXIT.unhealthy : EXIT.ok;
}

/** Every provider with a key probed from here; circuits from the store every llm process shares. */
async function localHealth(ctx: CliContext, config: CliConfig, timeoutMs: number): Promise<ProviderLine[]> {
  const providers = configuredProviders(ctx.env, config);
  if (providers.length === 0) {
    throw configError(
      'no provider has a key, so there is nothing to probe',
      `set ${Object.values(PROVIDERS)
        .map((p) => p.keyVariables[0])
        .join(', ')} (or providers.NAME.apiKey in the config file)`,
    );
  }
  const checkers: Record<string, HealthChecker> = {};
  for (const name of providers) {
    const { factory, defaultModel } = await PROVIDERS[name].load();
    checkers[name] = factory.createClient({ model: defaultModel, apiKey: findKey(name, ctx.env, config)!.apiKey, baseUrl: findBaseUrl(name, ctx.env, config), logging: { level: 'silent' } });
  }
  const [report, circuits] = await Promise.all([createHealthAggregator(checkers, { timeoutMs }).check(), readCircuits(ctx)]);
  return report.providers.map((p) => ({
    provider: p.name,
    status: p.status,
    latencyMs: p.latencyMs,
    error: p.error ?? null,
    circuit: circuitOf(
      p.name,
      circuits.map((c) => ({ model: c.key, state: c.state, openedAt: c.openedAt === undefined ? null : new Date(c.openedAt).toISOString() })),
    ),
  }));
}

/** What the gateway's `/health/providers` says: its own (cached) probes of its vendors and its circuits. */
interface GatewayHealthReply {
  providers: Array<{ name: string; status: 'healthy' | 'unhealthy'; latencyMs: number; error?: { code: string; message: string; status?: number } }>;
  circuits?: Array<{ model: string; state: CircuitEntry['state'] }>;
}

async function gatewayHealth(url: string, timeoutMs: number): Promise<ProviderLine[]> {
  const endpoint = `${url.replace(/\/+$/, '')}/health/providers`;
  let reply: GatewayHealthReply;
  try {
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    reply = (await response.json()) as GatewayHealthReply;
  } catch (err) {
    throw new LLMError({
      code: 'network',
      message: `cannot read ${endpoint}: ${(err as Error).message}`,
      details: { hint: 'is an llm-gateway listening there? (llm-gateway --host 127.0.0.1 --port 8080)' },
      cause: err,
    });
  }
  const circuits = (reply.circuits ?? []).map((c) => ({ model: c.model, state: c.state, openedAt: null }));
  return reply.providers.map((p) => ({ provider: p.name, status: p.status, latencyMs: p.latencyMs, error: p.error ?? null, circuit: circuitOf(p.name, circuits) }));
}

async function readCircuits(ctx: CliContext): Promise<CircuitEntry[]> {
  const store = await openSqliteCircuitStore(ctx.paths.circuitsDb);
  try {
    return store.list();
  } finally {
    store.close();
  }
}

/** A provider's circuits, from `provider:model` keys: open when one of its models' is. */
function circuitOf(provider: string, circuits: ReadonlyArray<{ model: string; state: CircuitEntry['state']; openedAt: string | null }>): ProviderLine['circuit'] {
  const models = circuits.filter((c) => c.model.startsWith(`${provider}:`)).map((c) => ({ ...c, model: c.model.slice(provider.length + 1) }));
  const state = models.some((c) => c.state === 'open') ? 'open' : models.some((c) => c.state === 'half_open') ? 'half_open' : 'closed';
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
