import { colours, wantsColour, type Colours } from './colours.js';

/** Where a command writes: the answer or the JSON on stdout, everything else on stderr. */
export interface Terminal {
  /** The answer, or the JSON: nothing else ever goes to stdout. */
  out(text: string): void;
  /** A status line on stderr (usage and cost, retries, fallback hops, the mock notice); hidden by --quiet. */
  info(line: string): void;
  /** A warning on stderr (a cut-off answer); hidden by --quiet. */
  warn(line: string): void;
  /** An error on stderr; always shown. */
  error(line: string): void;
  /** Raw text on stderr when it is a terminal and not quiet (spinners, prompts); otherwise nothing. */
  decorate(text: string): void;
  readonly quiet: boolean;
  readonly debug: boolean;
  /** Styles for stderr. */
  readonly colours: Colours;
  /** Styles for stdout. */
  readonly outColours: Colours;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

export interface TerminalStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

export interface TerminalFlags {
  quiet?: boolean;
  debug?: boolean;
  /** `--no-color` sets this false. */
  color?: boolean;
}

export function createTerminal(streams: TerminalStreams, flags: TerminalFlags = {}): Terminal {
  const { stdout, stderr, env } = streams;
  const quiet = flags.quiet === true;
  const errColours = colours(wantsColour(stderr, env, flags.color !== false));
  const stderrIsTTY = stderr.isTTY === true;
  return {
    out: (text) => void stdout.write(text),
    info: (line) => {
      if (!quiet) stderr.write(`${errColours.dim(line)}\n`);
    },
    warn: (line) => {
      if (!quiet) stderr.write(`${errColours.yellow(line)}\n`);
    },
    error: (line) => void stderr.write(`${errColours.red(line)}\n`),
    decorate: (text) => {
      if (!quiet && stderrIsTTY) stderr.write(text);
    },
    quiet,
    debug: flags.debug === true,
    colours: errColours,
    outColours: colours(wantsColour(stdout, env, flags.color !== false)),
    stdoutIsTTY: stdout.isTTY === true,
    stderrIsTTY,
  };
}
