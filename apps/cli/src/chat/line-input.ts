import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

/** Reads the chat's input: one prompt at a time, multi-line when asked, with a saved history. */
export interface LineInput {
  /**
   * The next input, or null at the end (Ctrl-D, or the end of piped input). A line ending in `\`
   * continues on the next; a line of `"""` starts a block that ends at the next `"""`.
   */
  read(): Promise<string | null>;
  /** Clears the line being typed. */
  clearLine(): void;
  /** Shows a fresh prompt (after Ctrl-C at the prompt). */
  reprompt(): void;
  close(): void;
}

export interface LineInputOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where the prompt and the echo go (stderr: stdout is the answers'). */
  output: NodeJS.WritableStream;
  prompt: string;
  continuation: string;
  /** The history file (most recent last); loaded at start, written at close. */
  historyFile: string;
  onInterrupt(): void;
}

const HISTORY_SIZE = 1000;

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

export function createLineInput(options: LineInputOptions): LineInput {
  const terminal = options.input.isTTY === true;
  const rl: Interface = createInterface({
    input: options.input,
    output: options.output,
    terminal,
    history: terminal ? loadHistory(options.historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
  });
  const queue: string[] = [];
  let waiting: ((line: string | null) => void) | undefined;
  let closed = false;
  rl.on('line', (line) => {
    const resolve = waiting;
    waiting = undefined;
    if (resolve) resolve(line);
    else queue.push(line);
  });
  rl.on('close', () => {
    closed = true;
    const resolve = waiting;
    waiting = undefined;
    resolve?.(null);
  });
  rl.on('SIGINT', options.onInterrupt);

  const nextLine = (prompt: string): Promise<string | null> => {
    if (queue.length > 0) return Promise.resolve(queue.shift()!);
    if (closed) return Promise.resolve(null);
    rl.setPrompt(prompt);
    if (terminal) rl.prompt();
    return new Promise((resolve) => (waiting = resolve));
  };

  return {
    async read() {
      const first = await nextLine(options.prompt);
      if (first === null) return null;
      if (first.trim() === '"""') {
        const lines: string[] = [];
        for (;;) {
          const line = await nextLine(options.continuation);
          if (line === null || line.trim() === '"""') break;
          lines.push(line);
        }
        return lines.join('\n');
      }
      let text = first;
      while (text.endsWith('\\')) {
        const line = await nextLine(options.continuation);
        text = `${text.slice(0, -1)}\n${line ?? ''}`;
        if (line === null) break;
      }
      return text;
    },
    clearLine: () => {
      if (terminal) rl.write(null, { ctrl: true, name: 'u' });
    },
    reprompt: () => {
      if (terminal) {
        options.output.write('\n');
        rl.prompt();
      }
    },
    close() {
      if (terminal) {
        try {
          mkdirSync(dirname(options.historyFile), { recursive: true });
          // readline keeps the newest first; the file keeps it last, like a shell's.
          writeFileSync(options.historyFile, `${[...(rl as Interface & { history: string[] }).history].reverse().join('\n')}\n`, { mode: 0o600 });
        } catch {
          // The history is a convenience: a read-only state dir must not break the chat.
        }
      }
      rl.close();
    },
  };
}
