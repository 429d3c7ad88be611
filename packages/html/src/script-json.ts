import { LLMError } from '@llm/errors';
import { escapeHtml, SafeHtml } from './safe-html.js';

const UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON that can sit inside a `<script>` element: `<`, `>`, `&` and the two JavaScript line
 * separators are written as `\uXXXX` escapes, so no value (`</script>`, `<!--`) can end the element
 * or open a comment; `JSON.parse` reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new LLMError({ code: 'invalid_request', message: `jsonForScript: a value of type ${typeof value} has no JSON form`, retryable: false, local: true });
  return json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A data block: `<script type="application/json" id="…">` (never executed; read with `LlmHtml.readJson(id)`). */
export function jsonScript(id: string, value: unknown): SafeHtml {
  return new SafeHtml(`<script type="application/json" id="${escapeHtml(id)}">${jsonForScript(value)}</script>`);
}
