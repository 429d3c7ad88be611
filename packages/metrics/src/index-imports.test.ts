/**
 * What `import '@llm/metrics'` loads: never the OpenTelemetry SDK (`@opentelemetry/sdk-metrics`,
 * `@opentelemetry/resources`, optional peers that only the `@llm/metrics/sdk` subpath imports).
 * Checked twice: statically, on every module the main entry reaches (value imports, re-exports,
 * `import()` and `require()` of a literal name), and at run time, with the SDK packages made
 * unloadable while the main entry is imported and a recorder with kept histograms records a call.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const SDK_PACKAGES = ['@opentelemetry/sdk-metrics', '@opentelemetry/resources'];

// Loading either SDK package from here on fails, as it does when it is not installed.
vi.mock('@opentelemetry/sdk-metrics', () => {
  throw new Error("Cannot find package '@opentelemetry/sdk-metrics'");
});
vi.mock('@opentelemetry/resources', () => {
  throw new Error("Cannot find package '@opentelemetry/resources'");
});

/** Module specifiers a file loads as values: imports and re-exports that are not type-only, `import('x')`, `require('x')`. */
function valueSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
      return;
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = node.isTypeOnly || (node.exportClause !== undefined && ts.isNamedExports(node.exportClause) && node.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(node.moduleSpecifier.text);
      return;
    }
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every package the modules reachable from `entry` load as values. */
function packagesLoadedBy(entry: string): Set<string> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of valueSpecifiers(file)) {
      if (specifier.startsWith('.')) walk(normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
      else packages.add(specifier);
    }
  };
  walk(join(src, entry));
  return packages;
}

describe('import @llm/metrics', () => {
  it('reaches no SDK package from the main entry; the sdk subpath does reach them', () => {
    const main = packagesLoadedBy('index.ts');
    expect(main.has('@opentelemetry/api')).toBe(true); // through otel-api.ts's require(): the walk sees lazy loads too
    expect([...main].filter((p) => SDK_PACKAGES.includes(p))).toEqual([]);
    const sdk = packagesLoadedBy('sdk.ts');
    expect(SDK_PACKAGES.filter((p) => sdk.has(p))).toEqual(SDK_PACKAGES);
  });

  it('imports and records a call with kept histograms while the SDK cannot be loaded', async () => {
    const { createOtelMetricsRecorder, KeptHistograms } = await import('./index.js');
    const { metrics } = await import('@opentelemetry/api');
    const histograms = new KeptHistograms();
    const recorder = createOtelMetricsRecorder({ meter: metrics.getMeterProvider().getMeter('test'), histograms });
    const call = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', stream: false } as const;
    recorder.callStarted(call);
    recorder.callEnded(call, { durationMs: 12, usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } });
    expect(histograms.collect().map((m) => m.descriptor.name)).toContain('gen_ai.client.operation.duration');
  });

  it('fails to import the sdk subpath then (the check above would see a load)', async () => {
    await expect(import('./sdk.js')).rejects.toThrow(/error when mocking a module/);
  });
});
