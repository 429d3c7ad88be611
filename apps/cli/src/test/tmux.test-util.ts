import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Why tmux cannot drive a terminal here, or undefined when it can. */
export async function tmuxMissing(): Promise<string | undefined> {
  try {
    await exec('tmux', ['-V']);
    return undefined;
  } catch {
    return 'tmux is not installed (Debian: apt-get install tmux; .ci/run installs it)';
  }
}

/** A real terminal (a tmux pane on its own server) running one command. */
export interface TmuxPane {
  /** Key names as tmux reads them: `Enter`, `C-c`, `C-d`, `Up`. */
  keys(...keys: string[]): Promise<void>;
  /** Literal text, typed. */
  type(text: string): Promise<void>;
  /** The screen as text, each line's trailing blanks and the blank lines at the end dropped (`escapes`: with colour codes). */
  screen(options?: { escapes?: boolean }): Promise<string>;
  /** Waits until the screen matches, and returns it. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The command's exit status once it has ended (as the shell saw it); undefined while it runs. */
  exitStatus(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Starts `argv` in a new tmux server (its own socket) in a pane of `width` x `height`, with exactly `env`. */
export async function startPane(argv: readonly string[], env: Record<string, string>, size = { width: 120, height: 40 }): Promise<TmuxPane> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-tmux-'));
  const socket = join(dir, 'socket');
  const tmux = (...args: string[]) => exec('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env: { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', HOME: env.HOME ?? dir } });
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  // `env -i` so the pane sees only the given variables (tmux adds its own TMUX, TERM); the shell
  // around it prints the exit status on the screen when the command ends.
  const command = ['env', '-i', 'TERM=xterm-256color', ...envArgs, ...argv];
  await tmux('new-session', '-d', '-s', 'llm', '-x', String(size.width), '-y', String(size.height), '--', '/bin/sh', '-c', '"$@"; echo "[exited $?]"', 'sh', ...command);
  await tmux('set-option', '-t', 'llm', 'remain-on-exit', 'on');
  const screen = async (options: { escapes?: boolean } = {}) => {
    const { stdout } = await tmux('capture-pane', '-p', '-t', 'llm', ...(options.escapes ? ['-e'] : []));
    return stdout
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n+$/, '');
  };
  return {
    keys: async (...keys) => void (await tmux('send-keys', '-t', 'llm', ...keys)),
    type: async (text) => void (await tmux('send-keys', '-t', 'llm', '-l', text)),
    screen,
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await screen();
        if (pattern.test(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the terminal never showed ${pattern} within ${timeoutMs} ms; it shows:\n${last}`);
    },
    async exitStatus() {
      const match = /\[exited (\d+)\]/.exec(await screen());
      return match ? Number(match[1]) : undefined;
    },
    async close() {
      await tmux('kill-server').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
