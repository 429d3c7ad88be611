import type { FunctionCall } from '@google/genai';

type Json = Record<string, unknown>;

/** One `partialArgs` entry of a streamed function call (Vertex AI, `streamFunctionCallArguments`). */
interface PartialArg {
  jsonPath?: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: unknown;
  willContinue?: boolean;
}

/** Keys that would reach a prototype, never set from a vendor's path. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** The largest array index a streamed path may name (a larger one would make a huge sparse array). */
const MAX_INDEX = 10_000;

/** `$.a.b[0].c` → `['a', 'b', 0, 'c']`; undefined for a path this reader does not take. */
function pathSegments(jsonPath: string): Array<string | number> | undefined {
  if (!jsonPath.startsWith('$')) return undefined;
  const out: Array<string | number> = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g;
  let at = 1;
  for (let m = re.exec(jsonPath); m; m = re.exec(jsonPath)) {
    if (m.index !== at) return undefined;
    const segment = m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3]!);
    if (typeof segment === 'number' ? segment > MAX_INDEX : FORBIDDEN_KEYS.has(segment)) return undefined;
    out.push(segment);
    at = re.lastIndex;
  }
  return at === jsonPath.length && out.length > 0 ? out : undefined;
}

/**
 * A function call Gemini streams in pieces (Gemini 3 on Vertex AI with
 * `streamFunctionCallArguments`): a part naming the function with `willContinue: true`, then parts
 * whose `partialArgs` set one argument each (a string may arrive over several pieces), then an
 * empty `functionCall` without `willContinue` that ends it. Collects the arguments into one object.
 */
export class StreamedFunctionCall {
  private readonly args: Json = Object.create(null) as Json;
  /** Paths whose string is still being streamed. */
  private readonly open = new Set<string>();

  constructor(
    readonly index: number,
    readonly id: string,
    readonly name: string,
  ) {}

  /** Whether a `functionCall` part belongs to a streamed call (as opposed to one sent whole). */
  static isPiece(call: FunctionCall): boolean {
    return call.willContinue !== undefined || call.partialArgs !== undefined || (call.name === undefined && call.args === undefined);
  }

  /** Adds one piece; returns a problem description if the piece cannot be read. */
  add(call: FunctionCall): string | undefined {
    if (call.args !== undefined) {
      if (typeof call.args !== 'object' || call.args === null || Array.isArray(call.args)) return 'a streamed function call has arguments that are not an object';
      Object.assign(this.args, call.args);
    }
    for (const raw of (call.partialArgs ?? []) as PartialArg[]) {
      const path = typeof raw.jsonPath === 'string' ? pathSegments(raw.jsonPath) : undefined;
      if (!path) return `a streamed argument has a JSON path this client cannot read (${String(raw.jsonPath)})`;
      const value = raw.stringValue ?? raw.numberValue ?? raw.boolValue ?? (raw.nullValue !== undefined ? null : undefined);
      if (value === undefined) return `the streamed argument ${raw.jsonPath} has no value`;
      const key = raw.jsonPath!;
      this.set(path, value, typeof value === 'string' && this.open.has(key));
      if (typeof value === 'string' && raw.willContinue === true) this.open.add(key);
      else this.open.delete(key);
    }
    return undefined;
  }

  /** The call ends with a piece that does not say `willContinue`. */
  static ends(call: FunctionCall): boolean {
    return call.willContinue !== true;
  }

  argumentsJson(): string {
    return JSON.stringify(this.args);
  }

  private set(path: Array<string | number>, value: unknown, append: boolean): void {
    let target: Json | unknown[] = this.args;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i]!;
      const next = (target as Json)[key as string];
      // Containers without a prototype: a vendor's key never reaches Object.prototype.
      if (typeof next !== 'object' || next === null) (target as Json)[key as string] = typeof path[i + 1] === 'number' ? [] : Object.create(null);
      target = (target as Json)[key as string] as Json;
    }
    const last = path[path.length - 1]!;
    const prev = (target as Json)[last as string];
    (target as Json)[last as string] = append && typeof prev === 'string' ? prev + (value as string) : value;
  }
}
