/** Longest message text printed as is; the rest is counted, not shown. */
const MAX_SHOWN = 400;

/**
 * Text that came from the command line or a file, made safe for a terminal: control characters
 * (escape sequences, carriage returns, bells) are shown as `\u001b`-style escapes instead of being
 * obeyed, and a very long text is cut with the count of what was left out.
 */
export function printable(text: string): string {
  let escaped = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    escaped += control ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }
  return escaped.length <= MAX_SHOWN ? escaped : `${escaped.slice(0, MAX_SHOWN)}… (${escaped.length - MAX_SHOWN} more characters)`;
}
