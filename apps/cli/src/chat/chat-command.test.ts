import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCliWorld } from '../test/cli-world.test-util.js';
import { LLM_BIN } from '../test/run-llm.test-util.js';
import { startPane, tmuxMissing, type TmuxPane } from '../test/tmux.test-util.js';

const world = useCliWorld('openai');
const withKey = () => world.keys('openai');

type Wire = { messages: Array<{ role: string; content: string }> };
const sentMessages = () => (world.servers.openai.lastRequest().body as Wire).messages;

describe('llm chat with piped input', () => {
  it('answers each prompt, keeps the session, and -c / --session resume it with its history', async () => {
    world.servers.openai.enqueue({ kind: 'text', text: 'Hello, Ada.' }, { kind: 'text', text: 'You are Ada.' });
    const first = await world.sandbox.run(['chat', '-s', 'Be brief.'], { env: withKey(), input: 'My name is Ada.\nWho am I?\n/cost\n' });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Hello, Ada.\nYou are Ada.\n');
    expect(first.stderr).toContain('this session: 2 answers');
    const id = /session (\w+) saved \(llm chat --session \1 resumes it\)/.exec(first.stderr)?.[1];
    expect(id).toBeDefined();
    expect(sentMessages()).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'My name is Ada.' },
      { role: 'assistant', content: 'Hello, Ada.' },
      { role: 'user', content: 'Who am I?' },
    ]);

    world.servers.openai.enqueue({ kind: 'text', text: 'Still Ada.' });
    const resumed = await world.sandbox.run(['chat', '-c'], { env: withKey(), input: 'And now?\n' });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`resumed session ${id}: My name is Ada. (2 turns)`);
    expect(resumed.stdout).toBe('Still Ada.\n');
    // The resumed session keeps its system prompt and its turns.
    expect(sentMessages().map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);

    world.servers.openai.enqueue({ kind: 'text', text: 'Yes.' });
    const byId = await world.sandbox.run(['--session', id!.slice(0, 6), 'One more?'], { env: withKey() });
    expect(byId.code).toBe(0);
    expect(sentMessages()).toHaveLength(8);
    const shown = JSON.parse((await world.sandbox.run(['sessions', 'show', id!, '--json'])).stdout) as { session: { turns: number; system: string }; messages: unknown[] };
    expect(shown.session.turns).toBe(4);
    expect(shown.session.system).toBe('Be brief.');
    expect(shown.messages).toHaveLength(8);
  });
});

describe('llm chat in a real terminal (tmux)', () => {
  let missing: string | undefined;
  let pane: TmuxPane | undefined;
  beforeAll(async () => {
    missing = await tmuxMissing();
  });
  afterAll(async () => pane?.close());

  const open = async (env: Record<string, string> = {}, args: string[] = []): Promise<TmuxPane> => {
    if (missing) {
      if (process.env.CI === 'true') throw new Error(`@llm/cli: ${missing}; CI must run the terminal tests`);
      console.warn(`@llm/cli: the tmux tests did not run: ${missing}`);
    }
    await pane?.close();
    pane = await startPane([process.execPath, LLM_BIN, 'chat', ...args], { ...world.sandbox.env, ...withKey(), ...env });
    await pane.waitFor(/llm chat with openai:gpt-4o-mini · \/help for commands, Ctrl-D to leave\n>$/);
    return pane;
  };

  it('answers, takes multi-line input, recalls history, and /cost, /save, /model and /quit work', async () => {
    if (missing && process.env.CI !== 'true') return void console.warn(`skipped: ${missing}`);
    const p = await open();
    world.servers.openai.enqueue({ kind: 'text', text: 'Hi! How can I help?', usage: { inputTokens: 9, outputTokens: 6 } });
    await p.type('Hello');
    await p.keys('Enter');
    await p.waitFor(/^Hi! How can I help\?\nopenai:gpt-4o-mini-2024-07-18 · 9 in \+ 6 out tokens · \$[\d.]+ · .*\n>$/m);

    // History: Up brings back the last prompt.
    await p.keys('Up');
    await p.waitFor(/\n> Hello$/);
    await p.keys('C-u');

    // A line ending in \ goes on; """ opens and closes a block.
    world.servers.openai.enqueue({ kind: 'text', text: 'Two lines.' }, { kind: 'text', text: 'A block.' });
    await p.type('first line \\');
    await p.keys('Enter');
    await p.waitFor(/\n\.$/);
    await p.type('second line');
    await p.keys('Enter');
    await p.waitFor(/^Two lines\.$/m);
    expect(sentMessages().at(-1)).toEqual({ role: 'user', content: 'first line \nsecond line' });
    for (const line of ['"""', 'alpha', 'beta', '"""']) {
      await p.type(line);
      await p.keys('Enter');
    }
    await p.waitFor(/^A block\.$/m);
    expect(sentMessages().at(-1)).toEqual({ role: 'user', content: 'alpha\nbeta' });

    await p.type('/cost');
    await p.keys('Enter');
    await p.waitFor(/^this session: 3 answers · \d+ in \+ \d+ out tokens · \$[\d.]+$/m);
    await p.type('/save Greetings');
    await p.keys('Enter');
    const saved = await p.waitFor(/^saved as session (\w+): Greetings/m);
    const id = /^saved as session (\w+): Greetings/m.exec(saved)![1]!;

    await p.type('/model anthropic:claude-haiku-4-5');
    await p.keys('Enter');
    await p.waitFor(/^model: anthropic:claude-haiku-4-5 \(mock\)$/m);
    await p.type('/quit');
    await p.keys('Enter');
    await p.waitFor(new RegExp(`^session ${id} saved \\(llm chat --session ${id} resumes it\\)$`, 'm'));
    await expect.poll(() => p.exitStatus(), { timeout: 10_000 }).toBe(0);

    const listed = JSON.parse((await world.sandbox.run(['sessions', 'list', '--json'])).stdout) as Array<{ id: string; title: string; turns: number }>;
    expect(listed.find((s) => s.id === id)).toMatchObject({ title: 'Greetings', turns: 3 });
  });

  it('Ctrl-C stops an answer (the request is aborted) and the chat goes on; Ctrl-C twice at the prompt leaves', async () => {
    if (missing && process.env.CI !== 'true') return void console.warn(`skipped: ${missing}`);
    const p = await open();
    world.servers.openai.enqueue({ kind: 'text', text: 'one two three four five six seven eight nine ten', fault: { kind: 'slow-chunks', delayMs: 300 } });
    await p.type('Count slowly');
    await p.keys('Enter');
    await p.waitFor(/^one two/m);
    await p.keys('C-c');
    await p.waitFor(/^\(stopped; this answer is not kept\)\n>$/m);
    await expect.poll(() => world.servers.openai.abortedRequests, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect(await p.screen()).not.toContain('ten');

    world.servers.openai.enqueue({ kind: 'text', text: 'Still here.' });
    await p.type('Are you there?');
    await p.keys('Enter');
    await p.waitFor(/^Still here\.$/m);
    // The stopped turn was not kept: the next request holds only the new prompt.
    expect(sentMessages()).toEqual([{ role: 'user', content: 'Are you there?' }]);

    await p.keys('C-c');
    await p.waitFor(/\(Ctrl-C again, Ctrl-D or \/quit to leave\)/);
    await p.keys('C-c');
    await expect.poll(() => p.exitStatus(), { timeout: 10_000 }).toBe(0);
  });

  it('colours the prompt on a terminal, and not with NO_COLOR', async () => {
    if (missing && process.env.CI !== 'true') return void console.warn(`skipped: ${missing}`);
    let p = await open();
    const coloured = await p.screen({ escapes: true });
    // The dim status line and the cyan prompt, as tmux renders them.
    expect(coloured).toContain('\u001b[2mllm chat with');
    expect(coloured).toContain('\u001b[36m');
    await p.keys('C-d');
    await expect.poll(() => p.exitStatus(), { timeout: 10_000 }).toBe(0);
    p = await open({ NO_COLOR: '1' });
    expect(await p.screen({ escapes: true })).not.toContain('\u001b[');
    await p.keys('C-d');
    await expect.poll(() => p.exitStatus(), { timeout: 10_000 }).toBe(0);
  });
});
