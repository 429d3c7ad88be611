import { defaultCatalog } from '@llm/catalog';
import { EXPORT_FORMATS, exportCatalog, renderTemplate, selectData } from '@llm/catalog/export';
import { readFileSync, writeFileSync } from 'node:fs';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { usageError } from '../errors/usage-error.js';

export interface CatalogExportFlags {
  format?: string;
  /** `A,B`: comma-separated, repeatable. */
  compare?: string[];
  template?: string;
  out?: string;
}

/** The formats that write the catalog's data (the others are schemas of it, the same whatever is compared). */
const DATA_FORMATS: readonly string[] = ['json', 'yaml', 'csv', 'markdown', 'html'];

function readTemplate(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`cannot read the template file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`, 'give the path of a Liquid template (see the catalog README, "Your own format")', err);
  }
}

/**
 * `llm catalog export`: the catalog (or the models compared) in one of its formats, or through a
 * Liquid template of your own; to stdout, or to a file with --out.
 */
export async function exportCatalogCommand(ctx: CliContext, flags: CatalogExportFlags): Promise<number> {
  const compare = (flags.compare ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
  if (flags.template !== undefined && flags.format !== undefined) throw usageError('--format and --template do not go together', 'a template writes its own format; drop one of them');
  if (flags.template === undefined && flags.format === undefined) throw usageError('llm catalog export needs --format (or --template FILE)', `formats: ${EXPORT_FORMATS.join(', ')}`);
  if (flags.format !== undefined && compare.length > 0 && !DATA_FORMATS.includes(flags.format) && (EXPORT_FORMATS as readonly string[]).includes(flags.format)) {
    throw usageError(`--compare does not apply to --format ${flags.format} (a schema, the same for every model)`, `--compare works with ${DATA_FORMATS.join(', ')}`);
  }
  const catalog = defaultCatalog();
  const text =
    flags.template !== undefined
      ? await renderTemplate(readTemplate(flags.template), selectData(catalog, compare))
      : await exportCatalog(catalog, flags.format!, compare.length > 0 ? { compare } : {});
  if (flags.out === undefined) {
    ctx.terminal.out(text);
    return EXIT.ok;
  }
  try {
    writeFileSync(flags.out, text);
  } catch (err) {
    throw usageError(`cannot write ${flags.out}: ${(err as NodeJS.ErrnoException).code ?? 'unwritable'}`, 'give a path in a directory you can write to', err);
  }
  const what = compare.length > 0 ? `${compare.length} compared models` : `${catalog.records().length} models`;
  ctx.terminal.info(`llm: wrote ${Buffer.byteLength(text)} bytes (${what}) to ${flags.out}`);
  return EXIT.ok;
}
