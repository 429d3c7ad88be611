import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, maskVolatile, renderCliDocs } from '../scripts/cli-docs.mjs';

/** The first lines where two texts differ, with a little context, for a readable failure. */
function firstDifference(a: string, b: string): string | undefined {
  const left = a.split('\n');
  const right = b.split('\n');
  const at = left.findIndex((line, i) => line !== right[i]);
  if (at < 0 && left.length === right.length) return undefined;
  const i = at < 0 ? Math.min(left.length, right.length) : at;
  const show = (lines: string[]) => lines.slice(Math.max(0, i - 2), i + 3).join('\n');
  return `line ${i + 1}\ncommitted:\n${show(left)}\nfresh run:\n${show(right)}`;
}

describe('docs/cli.md', () => {
  it('shows what the commands really print (pnpm --filter @llm/cli docs rewrites it)', async () => {
    const fresh = maskVolatile(await renderCliDocs());
    const committed = maskVolatile(readFileSync(DOC_PATH, 'utf8'));
    expect(firstDifference(committed, fresh)).toBeUndefined();
  }, 180_000);

  it('masks only what varies between runs', () => {
    expect(maskVolatile('· 99 ms (first token 1.20 s) "totalMs":53 127.0.0.1:4312 2025-01-02T03:04:05.678Z')).toBe('· TIME (first token TIME) "totalMs":N 127.0.0.1:PORT DATE');
    expect(maskVolatile('$0.0000221 · 7 in + 35 out tokens')).toBe('$0.0000221 · 7 in + 35 out tokens');
    expect(maskVolatile('2026-11-30  openai:gpt-4o-mini  2\n2026-11,openai')).toBe('DATE  openai:gpt-4o-mini  2\nDATE,openai');
    // A session id that ends in digits and an s is an id, not a timing.
    expect(maskVolatile('88gv56mi1s  DATE  openai:gpt-4o-mini')).toBe('SESSION  DATE  openai:gpt-4o-mini');
  });
});
