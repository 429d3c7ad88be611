import type { BadShape } from './scenario.js';

/** A step into a JSON value: a key, an array index, or `*` (the first element where the rest of the path exists). */
export type ShapePath = ReadonlyArray<string | number>;

/** Removes the field instead of replacing it. */
export const REMOVE: unique symbol = Symbol('remove');

/** One edit: set the value at `path` (or remove it), where the whole path exists. */
export interface ShapeEdit {
  path: ShapePath;
  value: unknown;
}

/**
 * How one vendor's fake breaks a reply in one way: the JSON body, and the stream (an edit of the
 * first chunk the path exists in, or a whole chunk inserted after the first one).
 */
export interface BadShapeRecipe {
  body: ShapeEdit | { replace: unknown };
  stream: ShapeEdit | { insert: unknown };
}

/** A vendor's recipes for every bad shape, and how it frames a chunk on its SSE stream. */
export interface BadShapeTable {
  recipes: Readonly<Record<BadShape, BadShapeRecipe>>;
  /** The SSE frame of one chunk (Anthropic names the event after the chunk's `type`). */
  frame(chunk: unknown): string;
}

type Node = Record<string | number, unknown>;

function isContainer(value: unknown): value is Node {
  return typeof value === 'object' && value !== null;
}

/** Applies `edit` to `root` in place where its whole path exists; says whether it did. */
export function applyEdit(root: unknown, edit: ShapeEdit): boolean {
  const walk = (node: unknown, depth: number): boolean => {
    if (!isContainer(node)) return false;
    const step = edit.path[depth]!;
    const last = depth === edit.path.length - 1;
    const keys = step === '*' ? (Array.isArray(node) ? node.map((_, i) => i) : []) : [step];
    for (const key of keys) {
      if (!(key in node)) continue;
      if (!last) {
        if (walk(node[key], depth + 1)) return true;
        continue;
      }
      if (edit.value === REMOVE) delete node[key];
      else node[key] = edit.value;
      return true;
    }
    return false;
  };
  return walk(root, 0);
}

/** The JSON payload of an SSE frame (its `data:` line), or undefined for comments, `[DONE]` and the like. */
export function frameData(frame: string): { before: string; data: unknown; after: string } | undefined {
  const match = /(^|\n)data: ?(.*)(\r?\n)/.exec(frame);
  if (!match) return undefined;
  try {
    const data: unknown = JSON.parse(match[2]!);
    const start = match.index + match[1]!.length;
    return { before: frame.slice(0, start), data, after: frame.slice(start + 'data: '.length + match[2]!.length) };
  } catch {
    return undefined;
  }
}

function withData(parsed: { before: string; after: string }, data: unknown): string {
  return `${parsed.before}data: ${JSON.stringify(data)}${parsed.after}`;
}

/** A JSON body broken as the recipe says (a copy). */
export function badBody(body: unknown, recipe: BadShapeRecipe): unknown {
  if ('replace' in recipe.body) return recipe.body.replace;
  const copy: unknown = structuredClone(body);
  applyEdit(copy, recipe.body);
  return copy;
}

/** SSE frames broken as the recipe says: one chunk edited, or a chunk inserted after the first frame. */
export function badFrames(frames: readonly string[], recipe: BadShapeRecipe, table: BadShapeTable): string[] {
  const out = [...frames];
  const step = recipe.stream;
  if ('insert' in step) {
    out.splice(Math.min(1, out.length), 0, table.frame(step.insert));
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    const parsed = frameData(out[i]!);
    if (!parsed) continue;
    if (applyEdit(parsed.data, step)) {
      out[i] = withData(parsed, parsed.data);
      return out;
    }
  }
  return out;
}

/** Every node of a JSON value in document order, as a path and the container holding it. */
function nodes(root: unknown): Array<{ parent: Node; key: string | number }> {
  const out: Array<{ parent: Node; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (!isContainer(node)) return;
    for (const key of Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node)) {
      out.push({ parent: node, key });
      walk(node[key]);
    }
  };
  walk(root);
  return out;
}

/** A copy of `root` with its `seed`-th node (in document order, wrapping) replaced by `value`; the root itself when it has none. */
export function mutateJson(root: unknown, seed: number, value: unknown): unknown {
  const copy: unknown = structuredClone(root);
  const all = nodes(copy);
  if (all.length === 0) return value;
  const { parent, key } = all[Math.abs(seed) % all.length]!;
  parent[key] = value;
  return copy;
}

/** SSE frames with the `seed`-th node over all their JSON chunks (in order, wrapping) replaced by `value`. */
export function mutateFrames(frames: readonly string[], seed: number, value: unknown): string[] {
  const parsed = frames.map(frameData);
  const counts = parsed.map((p) => (p ? nodes(p.data).length : 0));
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return [...frames];
  let at = Math.abs(seed) % total;
  const out = [...frames];
  for (let i = 0; i < parsed.length; i++) {
    const p = parsed[i];
    if (!p || at >= counts[i]!) {
      at -= counts[i]!;
      continue;
    }
    out[i] = withData(p, mutateJson(p.data, at, value));
    break;
  }
  return out;
}
