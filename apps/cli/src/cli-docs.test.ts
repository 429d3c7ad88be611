import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, maskVolatile, renderCliDocs } from '../scripts/cli-docs.mjs';

describe('docs/cli.md', () => {
  it('shows what the commands really print (pnpm --filter @llm/cli docs rewrites it)', async () => {
    const fresh = await renderCliDocs();
    const committed = readFileSync(DOC_PATH, 'utf8');
    expect(maskVolatile(committed)).toBe(maskVolatile(fresh));
  }, 120_000);

  it('masks only what varies between runs', () => {
    expect(maskVolatile('· 99 ms (first token 1.20 s) "totalMs":53 127.0.0.1:4312 2025-01-02T03:04:05.678Z')).toBe('· N ms (first token N s) "totalMs":N 127.0.0.1:PORT DATE');
    expect(maskVolatile('$0.0000221 · 7 in + 35 out tokens')).toBe('$0.0000221 · 7 in + 35 out tokens');
  });
});
