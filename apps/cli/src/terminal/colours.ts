/** ANSI styles, or the identity when colour is off. */
export interface Colours {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

const style =
  (open: number, close: number) =>
  (text: string): string =>
    `\x1b[${open}m${text}\x1b[${close}m`;

const ANSI: Colours = { bold: style(1, 22), dim: style(2, 22), red: style(31, 39), yellow: style(33, 39), green: style(32, 39), cyan: style(36, 39) };
const PLAIN: Colours = { bold: (t) => t, dim: (t) => t, red: (t) => t, yellow: (t) => t, green: (t) => t, cyan: (t) => t };

/**
 * Colour only on a terminal: the stream is a TTY, `NO_COLOR` is unset or empty (no-color.org),
 * `TERM` is not `dumb`, and `--no-color` was not given.
 */
export function wantsColour(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, flag = true): boolean {
  return flag && stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

export function colours(on: boolean): Colours {
  return on ? ANSI : PLAIN;
}
