import { CAPABILITIES, type CatalogData, type Capability, type ModelRecord } from '../record/index.js';
import { formatFlag, formatTokens, formatUsd } from './format-values.js';

/** Text safe in a GFM table cell: Markdown punctuation and pipes escaped, line breaks as spaces, outer spaces trimmed (a table cell drops them). */
export function markdownCell(text: string): string {
  return text.trim().replace(/[\r\n]+/g, ' ').replace(/([\\`*_{}[\]<>()#+!|~])/g, '\\$1');
}

function table(header: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r' | 'c')[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const rule = header.map((_, i) => ({ l: '---', r: '---:', c: ':---:' })[align?.[i] ?? 'l']);
  return [line(header.map(markdownCell)), line(rule), ...rows.map((r) => line(r.map(markdownCell)))].join('\n');
}

export const CAPABILITY_LABELS: Record<Capability, string> = {
  toolCalling: 'Tools',
  parallelToolCalls: 'Parallel tools',
  streamedToolArguments: 'Streamed tool args',
  structuredOutput: 'JSON Schema output',
  jsonMode: 'JSON mode',
  reasoning: 'Reasoning',
  temperature: 'Temperature',
  systemMessages: 'System messages',
  promptCaching: 'Prompt caching',
  webSearch: 'Web search',
};

const PROVIDER_NAMES: Record<string, string> = { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google Gemini', groq: 'Groq', openrouter: 'OpenRouter' };
export const providerName = (id: string): string => PROVIDER_NAMES[id] ?? id;

/** The columns of a provider's table. */
export const MODEL_TABLE_HEADER = ['Model', 'Name', 'Status', 'Context', 'Max output', 'Input $/M', 'Output $/M', 'Released', 'Knowledge'] as const;
export const modelRow = (r: ModelRecord): string[] => [
  r.model,
  r.displayName ?? '?',
  r.status.value,
  formatTokens(r.limits.context),
  formatTokens(r.limits.output),
  formatUsd(r.prices.input),
  formatUsd(r.prices.output),
  r.releaseDate ?? '?',
  r.knowledgeCutoff ?? '?',
];

export const PRICE_TABLE_HEADER = ['Model', 'Input', 'Output', 'Cached input', 'Cache write', 'Reasoning', 'Per request', 'Long context'] as const;
export const priceRow = (r: ModelRecord): string[] => [
  r.id,
  formatUsd(r.prices.input),
  formatUsd(r.prices.output),
  formatUsd(r.prices.cachedInput),
  formatUsd(r.prices.cacheWrite),
  formatUsd(r.prices.reasoning),
  formatUsd(r.prices.perRequest),
  r.prices.tiers.map((t) => `>${formatTokens(t.aboveInputTokens)}: ${formatUsd(t.input)} / ${formatUsd(t.output)}`).join(', ') || '–',
];

export interface MarkdownOptions {
  /** A title for the document (default "Model catalog"). */
  title?: string;
}

/**
 * The catalog as Markdown (GitHub flavour): its sources, one table per provider, then two comparison
 * matrices over the same models: capabilities (✓ yes, ✗ no, ? unknown) and prices (USD per million
 * tokens; ? unknown).
 */
export function toMarkdown(data: CatalogData, options: MarkdownOptions = {}): string {
  const providers = [...new Set(data.records.map((r) => r.provider))];
  const parts = [
    `# ${markdownCell(options.title ?? 'Model catalog')}`,
    `${data.records.length} models. Prices in USD per million tokens; ✓ yes, ✗ no, ? unknown.`,
    '## Sources',
    data.sources.map((s) => `- ${markdownCell(s.title)} (\`${s.id}\`${s.version ? `, ${markdownCell(s.version)}` : ''}), as of ${markdownCell(s.asOf)}`).join('\n'),
  ];
  for (const provider of providers) {
    const records = data.records.filter((r) => r.provider === provider);
    parts.push(`## ${markdownCell(providerName(provider))} (${records.length})`, table(MODEL_TABLE_HEADER, records.map(modelRow), ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'l', 'l']));
  }
  parts.push(
    '## Capabilities',
    table(['Model', ...CAPABILITIES.map((c) => CAPABILITY_LABELS[c])], data.records.map((r) => [r.id, ...CAPABILITIES.map((c) => formatFlag(r.capabilities[c]))]), ['l', ...CAPABILITIES.map(() => 'c' as const)]),
    '## Prices',
    table(PRICE_TABLE_HEADER, data.records.map(priceRow), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l']),
  );
  return `${parts.join('\n\n')}\n`;
}
