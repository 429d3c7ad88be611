import { describeIssues } from '@llm/schema';
import type { z } from 'zod';
import { gatewayError } from '../http/gateway-error.js';

/** Every problem of one request, gathered so that one `invalid_request` error names them all. */
export class RequestIssues {
  private readonly fields: string[] = [];

  add(path: string, message: string): void {
    this.fields.push(`${path}: ${message}`);
  }

  /** Adds zod's issues, prefixed with `prefix` where the checked value sits inside the body. */
  addZod(issues: readonly z.core.$ZodIssue[]): void {
    this.fields.push(...describeIssues(issues));
  }

  /** Names each key of `body` that is neither known nor allowed, and each refused one with its reason. */
  checkKeys(body: Record<string, unknown>, known: ReadonlySet<string>, refused: Readonly<Record<string, string>>, what: string): void {
    for (const key of Object.keys(body)) {
      if (body[key] === undefined) continue;
      const reason = refused[key];
      if (reason !== undefined) this.add(key, reason);
      else if (!known.has(key)) this.add(key, `not a ${what} field the gateway knows`);
    }
  }

  get empty(): boolean {
    return this.fields.length === 0;
  }

  /** Throws the one error naming every problem, if there is any. */
  throwIfAny(what: string): void {
    if (this.fields.length === 0) return;
    throw gatewayError('invalid_request', `invalid ${what}: ${this.fields.join('; ')}`, { details: { fields: [...this.fields] } });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
