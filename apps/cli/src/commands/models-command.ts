import { CAPABILITIES, defaultCatalog, type ModelRecord } from '@llm/catalog';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { usageError } from '../errors/usage-error.js';
import { formatTable } from '../output/table.js';
import { SHORT } from './capability-words.js';

export interface ModelsFlags {
  provider?: string[];
  /** `tools,vision,json`: comma-separated, repeatable. */
  capability?: string[];
  search?: string;
  json?: boolean;
}

/** The catalog query of the flags: capabilities and modalities from their short names; the catalog checks the rest. */
function queryOf(flags: ModelsFlags): Record<string, unknown> {
  const capabilities: string[] = [];
  const inputModalities: string[] = [];
  for (const name of (flags.capability ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean)) {
    const short = SHORT[name];
    if (short?.capability) capabilities.push(short.capability);
    else if (short?.input) inputModalities.push(short.input);
    else if ((CAPABILITIES as readonly string[]).includes(name)) capabilities.push(name);
    else throw usageError(`unknown capability "${name}"`, `use ${Object.keys(SHORT).join(', ')}, or one of the catalog's: ${CAPABILITIES.join(', ')}`);
  }
  return {
    ...(flags.provider?.length ? { provider: flags.provider.flatMap((p) => p.split(',')).map((p) => p.trim()) } : {}),
    ...(capabilities.length ? { capabilities } : {}),
    ...(inputModalities.length ? { inputModalities } : {}),
    ...(flags.search ? { text: flags.search } : {}),
  };
}

/** `1.25` USD per million tokens; `-` when unknown. */
const price = (usd: number | null) => (usd === null ? '-' : `${Number(usd.toFixed(4))}`);
const tokens = (n: number | null) => (n === null ? '-' : n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
const flags = (record: ModelRecord) => CAPABILITIES.filter((c) => record.capabilities[c] === true);

/** `llm models`: the catalog's models, filtered. */
export function listModels(ctx: CliContext, options: ModelsFlags): number {
  const catalog = defaultCatalog();
  const records = catalog.find(queryOf(options));
  if (options.json) {
    ctx.terminal.out(`${JSON.stringify(records)}\n`);
    return EXIT.ok;
  }
  const rows = records.map((r) => [r.id, tokens(r.limits.context), tokens(r.limits.output), price(r.prices.input), price(r.prices.output), r.status.value === 'active' ? '' : r.status.value, flags(r).join(',')]);
  ctx.terminal.out(formatTable(['ID', 'CONTEXT', 'OUTPUT', 'IN $/M', 'OUT $/M', 'STATUS', 'CAPABILITIES'], rows));
  const sources = catalog.sources().map((s) => `${s.id} ${s.asOf}`).join(', ');
  ctx.terminal.info(`llm: ${records.length} of ${catalog.records().length} catalog models (sources: ${sources}); llm models show ID for one`);
  return EXIT.ok;
}

function line(label: string, value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : `${(label ? `${label}:` : '').padEnd(18)}${value}`;
}

/** `llm models show ID`: one record, every fact and where it came from. */
export function showModel(ctx: CliContext, id: string, options: { json?: boolean }): number {
  const record = defaultCatalog().require(id);
  if (options.json) {
    ctx.terminal.out(`${JSON.stringify(record)}\n`);
    return EXIT.ok;
  }
  const p = record.prices;
  const known = (entries: Array<[string, number | null]>) =>
    entries
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k} $${price(v)}`)
      .join(', ');
  const unknown = CAPABILITIES.filter((c) => record.capabilities[c] === 'unknown');
  const lines = [
    line('id', record.id),
    line('name', record.displayName),
    line('aliases', record.aliases.join(', ')),
    line('family', record.family),
    line('status', [record.status.value, record.status.deprecatedOn && `deprecated ${record.status.deprecatedOn}`, record.status.retiresOn && `retires ${record.status.retiresOn}`].filter(Boolean).join(', ')),
    line('released', record.releaseDate),
    line('knowledge cutoff', record.knowledgeCutoff),
    line('context', record.limits.context === null ? 'unknown' : `${record.limits.context} tokens`),
    line('output', record.limits.output === null ? 'unknown' : `${record.limits.output} tokens`),
    line('input', record.modalities.input?.join(', ') ?? 'unknown'),
    line('output kinds', record.modalities.output?.join(', ') ?? 'unknown'),
    line('capabilities', flags(record).join(', ') || 'none known'),
    line('not known', unknown.join(', ')),
    line('prices per 1M', known([['input', p.input], ['output', p.output], ['cached input', p.cachedInput], ['cache write', p.cacheWrite], ['reasoning', p.reasoning]]) || 'unknown'),
    line('per request', p.perRequest === null ? undefined : `$${p.perRequest}`),
    ...p.tiers.map((t) => line(`above ${tokens(t.aboveInputTokens)} in`, known([['input', t.input], ['output', t.output]]))),
    ...record.provenance.map((s, i) => line(i === 0 ? 'sources' : '', `${s.source} (${s.verifiedAt}${s.via ? `, via ${s.via}` : ''}): ${s.facts.length} facts`)),
  ].filter((l): l is string => l !== undefined);
  ctx.terminal.out(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
