/**
 * What `import '@llm/core'` loads: the packages reached through value imports from index.ts
 * (type-only imports are erased). inversify and yaml are loaded on first use only
 * (docs/releasing.md, import cost), so an application without a container or a YAML file never
 * loads them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));

/** Module specifiers a file imports or re-exports as values. */
function valueSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
    }
  }
  return out;
}

/** Every package the files reachable from `entry` import as values. */
function packagesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueSpecifiers(file)) {
      if (specifier.startsWith('.')) visit(normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      else packages.add(specifier);
    }
  };
  visit(join(src, entry));
  return packages;
}

describe('import @llm/core', () => {
  it('loads neither inversify nor yaml (they load on first use)', () => {
    const loaded = packagesLoadedBy('index.ts');
    expect(loaded.has('zod')).toBe(true);
    expect(loaded.has('@llm/errors')).toBe(true);
    expect([...loaded].filter((p) => p === 'inversify' || p === 'yaml')).toEqual([]);
  });

  it('sees a value import where there is one', () => {
    expect(valueSpecifiers(join(src, 'index-imports.test.ts'))).toContain('typescript');
  });
});
