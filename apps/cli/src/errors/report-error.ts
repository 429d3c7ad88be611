import { isLLMError, type LLMError } from '@llm/errors';
import { inspect } from 'node:util';
import type { Terminal } from '../terminal/terminal.js';
import { EXIT, EXIT_CODE_BY_ERROR } from './exit-codes.js';
import { hintFor } from './hints.js';
import { printable } from './printable.js';

/**
 * Prints a failure as one line naming the problem, with a hint (the stack and the cause chain only
 * with --debug), and returns the exit code for it.
 */
export function reportError(terminal: Terminal, err: unknown): number {
  const { red, dim } = terminal.colours;
  if (isLLMError(err)) {
    terminal.error(`${red('llm:')} ${describe(err)} ${dim(`(hint: ${printable(hintFor(err))})`)}`);
    if (terminal.debug) terminal.error(inspect(err, { depth: 6 }));
    return EXIT_CODE_BY_ERROR[err.code];
  }
  const message = err instanceof Error ? err.message : String(err);
  terminal.error(`${red('llm:')} unexpected failure: ${printable(message)} ${dim('(hint: run again with --debug for the stack, and report it)')}`);
  if (terminal.debug) terminal.error(inspect(err, { depth: 6 }));
  return EXIT.unexpected;
}

function describe(err: LLMError): string {
  const where = err.provider ? `${err.provider}${err.model ? `:${err.model}` : ''}: ` : '';
  const message = printable(err.message.replace(/\s*\n\s*/g, ' '));
  const prefix = err.message.startsWith(`${err.provider}`) ? '' : where;
  return `${prefix}${message} [${err.code}]`;
}
