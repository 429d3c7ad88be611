import type { ChatRequest } from '@llm/schema';

/** Nesting beyond this is refused: far deeper than any tool result or schema needs, far below a stack overflow. */
export const MAX_JSON_DEPTH = 100;

/**
 * What is wrong with `value` as JSON a vendor can take, or undefined: a cycle, nesting deeper than
 * {@link MAX_JSON_DEPTH}, a bigint, a function, a symbol, or a number that is not finite (JSON has
 * none; `JSON.stringify` would throw, recurse without end, or drop it without a word). Iterative,
 * so a hostile depth cannot overflow the stack here.
 */
export function jsonProblem(value: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value, depth: 0, path: '' }];
  // The objects on the current path, to tell a cycle from a shared (and harmless) reference.
  const onPath = new Map<object, number>();
  const leave: Array<{ object: object; depth: number }> = [];
  while (stack.length > 0) {
    const item = stack.pop()!;
    while (leave.length > 0 && leave[leave.length - 1]!.depth >= item.depth) onPath.delete(leave.pop()!.object);
    const v = item.value;
    switch (typeof v) {
      case 'bigint':
        return `${item.path || 'the value'} is a bigint, which JSON cannot hold`;
      case 'function':
      case 'symbol':
        return `${item.path || 'the value'} is a ${typeof v}, which JSON cannot hold`;
      case 'number':
        if (!Number.isFinite(v)) return `${item.path || 'the value'} is ${String(v)}, which JSON cannot hold`;
        continue;
      case 'object':
        break;
      default:
        continue;
    }
    if (v === null) continue;
    if (onPath.has(v)) return `${item.path || 'the value'} refers back to itself (a cycle)`;
    if (item.depth >= MAX_JSON_DEPTH) return `${item.path || 'the value'} is nested more than ${MAX_JSON_DEPTH} levels deep`;
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') continue;
    onPath.set(v, item.depth);
    leave.push({ object: v, depth: item.depth });
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth: item.depth + 1, path: `${item.path}[${i}]` });
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ value: (v as Record<string, unknown>)[key], depth: item.depth + 1, path: item.path ? `${item.path}.${key}` : key });
      }
    }
  }
  return undefined;
}

/**
 * The fields of a request that hold arbitrary values (tool results, tool-call arguments, vendor
 * options, a JSON Schema): each must be JSON a vendor can take. Returns `field: problem` for each.
 */
export function requestValueIssues(request: ChatRequest<unknown>): string[] {
  const issues: string[] = [];
  const check = (path: string, value: unknown) => {
    const problem = jsonProblem(value);
    if (problem) issues.push(`${path}: ${problem.replace(/^the value /, '')}`);
  };
  request.messages.forEach((message, i) => {
    if (message.role === 'tool' && typeof message.content !== 'string') check(`messages[${i}].content`, message.content);
    if (message.role === 'assistant') message.toolCalls?.forEach((call, j) => check(`messages[${i}].toolCalls[${j}].arguments`, call.arguments));
  });
  if (request.providerOptions !== undefined) check('providerOptions', request.providerOptions);
  if (request.responseFormat?.type === 'json_schema') check('responseFormat.schema', request.responseFormat.schema);
  return issues;
}
