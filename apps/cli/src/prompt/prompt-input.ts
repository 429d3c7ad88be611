import { readFileSync } from 'node:fs';
import { usageError } from '../errors/usage-error.js';

/**
 * Text piped on stdin: read whenever stdin is not a terminal (a pipe, a file, /dev/null), so
 * `llm "Hi"` never waits for typing. A caller that leaves stdin open without writing to it must
 * close it (or give /dev/null). (Not checked with fstat: on Node 20, an fstat of fd 0 when it is a
 * pipe breaks the resolution of later dynamic imports through pnpm's symlinks.)
 */
export async function readPipedStdin(stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string | undefined> {
  if (stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? undefined : text;
}

/** The prompt: piped text first, then the words given (`cat notes.md | llm "summarise this"`). */
export function joinPrompt(piped: string | undefined, words: readonly string[]): string {
  const given = words.join(' ').trim();
  const parts = [piped?.replace(/\s+$/, ''), given].filter((p): p is string => p !== undefined && p !== '');
  if (parts.length === 0) throw usageError('no prompt: give one as an argument or pipe text on stdin', 'llm "Hello", or echo text | llm "summarise this"');
  return parts.join('\n\n');
}

/** `--schema`: a JSON Schema inline (`'{"type":"object",...}'`) or in a file. */
export function readSchemaOption(value: string): Record<string, unknown> {
  const inline = value.trimStart().startsWith('{');
  let text = value;
  if (!inline) {
    try {
      text = readFileSync(value, 'utf8');
    } catch (err) {
      throw usageError(`cannot read the schema file ${value}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'give a JSON Schema file or inline JSON such as \'{"type":"object"}\'', err);
    }
  }
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    const where = inline ? 'the inline --schema' : `the schema file ${value}`;
    throw usageError(`${where} is not JSON: ${(err as Error).message}`, 'a JSON Schema is a JSON object such as {"type":"object","properties":{...}}', err);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw usageError(`${inline ? 'the inline --schema' : `the schema file ${value}`} is not a JSON Schema object`, 'a JSON Schema is a JSON object such as {"type":"object"}');
  }
  return schema as Record<string, unknown>;
}
