import { randomBytes } from 'node:crypto';

/**
 * Record ids without a random draw per record: a random 72-bit prefix drawn once per source
 * (unique across processes and restarts with overwhelming probability) and a counter in base 36.
 * A `randomUUID()` per record cost more than everything else the observers do on a call.
 */
export function recordIdSource(): () => string {
  const prefix = `${randomBytes(9).toString('base64url')}-`;
  let counter = 0;
  return () => prefix + (++counter).toString(36);
}

/** An attempt's id: its call's id and its number, so the two are linked by name as well. */
export const attemptId = (callId: string, attempt: number): string => `${callId}.${attempt}`;
