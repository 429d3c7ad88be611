import type { CliContext } from '../context.js';
import { clientSettings, openModel, type OpenedModel } from '../providers/open-model.js';
import { PROVIDERS } from '../providers/provider-registry.js';
import { resolveTarget, type Target } from '../providers/resolve-target.js';
import { openSqliteCircuitStore } from '../storage/sqlite-circuit-store.js';
import { formatMs } from '../output/format.js';
import { openAnalyticsRecording } from '../usage/analytics-recording.js';

/** Options that pick and shape the model: shared by the one-shot and `llm chat`. */
export interface ModelFlags {
  model?: string;
  fallback?: string[];
  maxCost?: number;
  timeout?: string;
  retries?: number;
  /** `--no-mock` sets this false. */
  mock: boolean;
}

/**
 * Resolves `-m` and `--fallback` to targets, opens them, and reports on stderr what the user must
 * know: that the built-in mock answers (no key set), each retry and each fallback hop.
 */
export async function openTargets(ctx: CliContext, flags: ModelFlags): Promise<OpenedModel> {
  const { config } = await ctx.config();
  const gatewayUrl = ctx.flags.gateway ?? (ctx.env.LLM_GATEWAY_URL?.trim() || undefined) ?? config.gateway?.url;
  const gateway = gatewayUrl ? { url: gatewayUrl, apiKey: ctx.env.LLM_GATEWAY_KEY?.trim() || config.gateway?.apiKey } : undefined;
  const allowMock = flags.mock && config.mock !== false;
  const defaultModel = async (provider: keyof typeof PROVIDERS) => (await PROVIDERS[provider].load()).defaultModel;
  const specs = [flags.model, ...(flags.fallback ?? [])];
  const targets: Target[] = [];
  for (const model of specs) {
    if (model === undefined && targets.length > 0) continue;
    targets.push(await resolveTarget(ctx.env, config, { model, gateway, allowMock, defaultModel }));
  }
  const { terminal } = ctx;
  // Calls to vendors share each circuit with every other llm process; the mock and a gateway (which has its own) do not.
  const circuits = targets.some((t) => t.kind === 'vendor') ? await openSqliteCircuitStore(ctx.paths.circuitsDb) : undefined;
  // Calls to vendors and gateways are recorded for `llm analytics`; the mock's are not (they say nothing about a vendor).
  const recording = targets.some((t) => t.kind !== 'mock') ? await openAnalyticsRecording(ctx) : undefined;
  let opened: OpenedModel;
  try {
    opened = await openModel(targets, clientSettings(ctx.env, config, flags), {
      onRetry: (e) => terminal.info(`llm: ${e.provider}:${e.model} failed (${e.error.code}); retry ${e.attempt - 1} in ${formatMs(e.delayMs)}`),
      onFallback: (e) => terminal.info(`llm: ${e.from} failed (${e.error.code}); falling back to ${e.to}`),
      ...(circuits ? { circuits } : {}),
      ...(recording ? { recording } : {}),
    });
  } catch (err) {
    circuits?.close();
    await recording?.close();
    throw err;
  }
  for (const target of targets) {
    if (target.kind === 'mock') {
      terminal.info(`llm: no ${target.missingKey} set: ${target.id} is answered by the built-in mock (a fake ${PROVIDERS[target.provider].label} server on 127.0.0.1); nothing leaves this machine`);
    }
  }
  if (!circuits && !recording) return opened;
  return {
    ...opened,
    close: async () => {
      await opened.close();
      circuits?.close();
      await recording?.close();
    },
  };
}
