/**
 * What `import '@llm/core'` loads: the packages reached through value imports from index.ts
 * (type-only imports are erased). inversify and yaml are loaded on first use only
 * (docs/releasing.md, import cost), so an application without a container or a YAML file never
 * loads them. And what it builds: no zod schema at import, in core or in the packages a provider
 * import evaluates (@llm/schema, @llm/catalog, groq, openrouter): each is a `lazySchema`, built on
 * first use (docs/benchmarks.md "Import time").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { lazySchema } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

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

/** The files reachable from `entry` through value imports, and every package they import as values. */
function reachedFrom(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueSpecifiers(file)) {
      if (specifier.startsWith('.')) visit(normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      else packages.add(specifier);
    }
  };
  visit(join(src, entry));
  return { files, packages };
}

const packagesLoadedBy = (entry: string): Set<string> => reachedFrom(entry).packages;

/**
 * Where a module builds or touches a zod schema when it is evaluated: outside function bodies and
 * `lazySchema(...)`, a use of `z.` or a property of a `...Schema` value (reading one builds a lazy schema).
 */
function schemaWorkAtImport(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'lazySchema') return;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === 'z' || node.expression.text.endsWith('Schema'))) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${file.slice(file.indexOf('packages/'))}:${line + 1} ${node.getText(source)}`);
      return;
    }
    ts.forEachChild(node, visit);
  };
  source.statements.forEach(visit);
  return found;
}

describe('import @llm/core', () => {
  it('loads neither inversify nor yaml (they load on first use)', () => {
    const loaded = packagesLoadedBy('index.ts');
    expect(loaded.has('zod')).toBe(true);
    expect(loaded.has('@llm/errors')).toBe(true);
    expect([...loaded].filter((p) => p === 'inversify' || p === 'yaml')).toEqual([]);
  });

  it('builds no zod schema: none in the files it evaluates, none in @llm/schema, @llm/catalog, @llm/groq, @llm/openrouter', () => {
    const sourcesOf = (pkg: string): string[] =>
      readdirSync(join(src, '..', '..', pkg, 'src'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-util.ts'))
        .map((f) => join(src, '..', '..', pkg, 'src', f));
    const files = [...reachedFrom('index.ts').files, ...['schema', 'catalog', 'groq', 'openrouter'].flatMap(sourcesOf)];
    expect(files.length).toBeGreaterThan(80);
    expect(files.flatMap(schemaWorkAtImport)).toEqual([]);
  });

  it('sees a schema built at import where there is one', () => {
    const here = schemaWorkAtImport(join(src, 'index-imports.test.ts'));
    expect(here.some((w) => w.includes('EagerSchema.parse'))).toBe(true);
    expect(here.some((w) => w.includes('z.object'))).toBe(true);
    expect(here.some((w) => w.includes('z.string'))).toBe(false); // inside lazySchema(...)
  });

  it('sees a value import where there is one', () => {
    expect(valueSpecifiers(join(src, 'index-imports.test.ts'))).toContain('typescript');
  });
});

// Examples for the checks above (evaluated with this file: a zod schema built here at import is fine in a test).
const EagerSchema = z.object({ a: z.number() });
EagerSchema.parse({ a: 1 });
export const LazyExample = lazySchema(() => z.string());
