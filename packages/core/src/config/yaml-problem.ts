/** A YAML parse problem, described without quoting the text around it (a config file holds keys). */
export interface YamlProblem {
  /** What is wrong, without the text: `Unresolved tag`, `Map keys must be unique`. */
  what: string;
  /** The yaml library's error code (`TAG_RESOLVE_FAILED`), when it gave one. */
  code?: string;
  /** 1-based, when the position is known. */
  line?: number;
  column?: number;
}

/**
 * Describes a YAML error for a message: the yaml library's own message quotes the source lines
 * around the error (and a tag or alias name after a colon), which may be a secret. Only the words
 * before the first colon, the error code and the position are kept.
 */
export function describeYamlProblem(err: unknown, text: string): YamlProblem {
  const raw = err instanceof Error ? err.message : String(err);
  const what = raw.split(/:(?:\s|$)/, 1)[0]!.split('\n', 1)[0]!.trim() || 'unreadable YAML';
  const problem: YamlProblem = { what };
  const { code, pos } = (err ?? {}) as { code?: unknown; pos?: unknown };
  if (typeof code === 'string') problem.code = code;
  if (Array.isArray(pos) && typeof pos[0] === 'number') {
    const before = text.slice(0, pos[0]);
    const lastBreak = before.lastIndexOf('\n');
    problem.line = before.split('\n').length;
    problem.column = pos[0] - lastBreak;
  }
  return problem;
}

/** `Unresolved tag (TAG_RESOLVE_FAILED) at line 2, column 3`. */
export function formatYamlProblem(problem: YamlProblem): string {
  const code = problem.code ? ` (${problem.code})` : '';
  const at = problem.line !== undefined ? ` at line ${problem.line}, column ${problem.column}` : '';
  return `${problem.what}${code}${at}`;
}
