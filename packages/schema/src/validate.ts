import { LLMError, type LLMErrorCode } from '@llm/errors';
import type { z } from 'zod';

/** `messages[0].content: expected string, received number` for each issue. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/**
 * Parses `value` with `schema`; on failure throws one LLMError that names every bad field.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  code: LLMErrorCode = 'invalid_request',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = describeIssues(result.error.issues);
  throw new LLMError({
    code,
    message: `invalid ${what}: ${fields.join('; ')}`,
    retryable: false,
    // The caller's input was refused here: nothing reached the vendor.
    local: true,
    details: { fields },
  });
}
