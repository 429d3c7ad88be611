/**
 * The main entry (mock model, fake servers, scenarios) loads without a test runner: nothing it
 * reaches imports vitest or the OpenTelemetry SDK; those are for `@llm/mocks/conformance` only.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));

/** Every file reachable from `entry` through relative imports, and the packages they import. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const { fileName } of ts.preProcessFile(readFileSync(join(src, file), 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('./')) visit(fileName.slice(2).replace(/\.js$/, '.ts'));
      else packages.add(fileName);
    }
  };
  visit(entry);
  return { files, packages };
}

const TEST_ONLY = ['vitest', '@opentelemetry/sdk-metrics', '@opentelemetry/sdk-trace-base'];

describe('entry points', () => {
  it('@llm/mocks reaches neither vitest nor the OpenTelemetry SDK', () => {
    const main = reach('index.ts');
    expect(main.files.has('mock-model.ts')).toBe(true);
    expect(main.files.has('fake-openai-server.ts')).toBe(true);
    expect([...main.packages].filter((p) => TEST_ONLY.includes(p))).toEqual([]);
  });

  it('@llm/mocks/conformance holds the vitest suites', () => {
    const conformance = reach('conformance.ts');
    expect(conformance.packages.has('vitest')).toBe(true);
    expect(conformance.files.has('telemetry-conformance.ts')).toBe(true);
  });
});
