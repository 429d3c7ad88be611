import type { Usage } from '@llm/schema';

/** `$0.000123`: dollars with enough digits to see a cheap call. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(usd >= 100 ? 0 : 4).replace(/\.?0+$/, '')}`;
  return `$${usd.toPrecision(3).replace(/\.?0+$/, '').replace(/(\.\d*?)0+e/, '$1e')}`;
}

/** `1.24 s`, `310 ms` */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** `24 in + 31 out tokens` (with cached and reasoning parts when there are some). */
export function formatTokens(usage: Usage): string {
  const extras = [
    usage.cachedInputTokens ? `${usage.cachedInputTokens} cached` : undefined,
    usage.reasoningTokens ? `${usage.reasoningTokens} reasoning` : undefined,
  ].filter(Boolean);
  return `${usage.inputTokens} in + ${usage.outputTokens} out tokens${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** The usage-and-cost line after an answer (stderr). */
export function usageLine(parts: { model: string; mock: boolean; usage: Usage | undefined; totalMs: number; firstTokenMs: number | undefined; session?: string | undefined }): string {
  const cost = parts.usage?.cost ? formatUsd(parts.usage.cost.totalUsd) : 'cost unknown';
  const timing = parts.firstTokenMs === undefined ? formatMs(parts.totalMs) : `${formatMs(parts.totalMs)} (first token ${formatMs(parts.firstTokenMs)})`;
  const tokens = parts.usage ? formatTokens(parts.usage) : 'no usage reported';
  const session = parts.session ? ` · session ${parts.session}` : '';
  return `${parts.model}${parts.mock ? ' (mock)' : ''} · ${tokens} · ${cost} · ${timing}${session}`;
}
