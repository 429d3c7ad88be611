import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../test/run-llm.test-util.js';

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = createSandbox();
});
afterAll(() => sandbox.remove());

interface Listed {
  id: string;
  title: string;
  model: string;
  turns: number;
  costUsd: number;
}

describe('llm sessions', () => {
  it('list, show and rm the conversations the prompts made (the built-in mock answering)', async () => {
    const empty = await sandbox.run(['sessions', 'list']);
    expect(empty).toMatchObject({ code: 0, stdout: '' });
    expect(empty.stderr).toContain('no sessions yet');
    expect((await sandbox.run(['-c', 'Go on'])).code).toBe(2);

    expect((await sandbox.run(['Name three primes'])).code).toBe(0);
    expect((await sandbox.run(['-m', 'anthropic', 'What is a monad?'])).code).toBe(0);
    expect((await sandbox.run(['-c', 'Shorter please'])).code).toBe(0);
    expect((await sandbox.run(['--no-save', 'Not kept'])).code).toBe(0);

    const listed = JSON.parse((await sandbox.run(['sessions', 'list', '--json'])).stdout) as Listed[];
    expect(listed.map((s) => [s.title, s.model, s.turns])).toEqual([
      ['What is a monad?', 'anthropic:claude-haiku-4-5', 2],
      ['Name three primes', 'openai:gpt-4o-mini', 1],
    ]);
    expect(listed.every((s) => s.costUsd > 0)).toBe(true);

    const table = await sandbox.run(['sessions']);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+UPDATED \(UTC\)\s+MODEL\s+TURNS\s+COST\s+TITLE$/);
    expect(lines[1]).toMatch(new RegExp(`^${listed[0]!.id}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+anthropic:claude-haiku-4-5\\s+2\\s+\\$[\\d.]+\\s+What is a monad\\?$`));
    expect(lines).toHaveLength(3);

    const shown = await sandbox.run(['sessions', 'show', listed[0]!.id.slice(0, 5)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`session ${listed[0]!.id}: What is a monad?`);
    expect(shown.stdout).toContain('> What is a monad?\nHello! This is the built-in mock model, so nothing was sent to Anthropic. You wrote: "What is a monad?"');
    expect(shown.stdout).toContain('> Shorter please\n');

    const removed = await sandbox.run(['sessions', 'rm', listed[1]!.id]);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain(`removed session ${listed[1]!.id} (Name three primes)`);
    const after = JSON.parse((await sandbox.run(['sessions', 'list', '--json'])).stdout) as Listed[];
    expect(after.map((s) => s.id)).toEqual([listed[0]!.id]);

    const unknown = await sandbox.run(['sessions', 'rm', 'zzzzzz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('llm: no session "zzzzzz" [invalid_request] (hint: llm sessions list shows the sessions)');
    const missingShow = await sandbox.run(['sessions', 'show', 'zzzzzz']);
    expect(missingShow.code).toBe(2);
  });
});
