import { randomBytes } from 'node:crypto';

/**
 * How an observer made a record's id (`<prefix><base-36 counter>[.<attempt>]`): handed to the
 * memory store with the record, so it keeps three numbers rather than parsing the id string (a
 * string search per record cost more than the rest of the store's work; docs/benchmarks.md).
 */
export interface RecordIdParts {
  /** `<random>-`: one string per source. */
  readonly idPrefix: string;
  readonly idCounter: number;
  /** An attempt's number, when the id is `<call id>.<attempt>`; NaN for a call's id. */
  readonly idAttempt: number;
}

/**
 * Record ids without a random draw per record: a random 72-bit prefix drawn once per source
 * (unique across processes and restarts with overwhelming probability) and a counter in base 36.
 * A `randomUUID()` per record cost more than everything else the observers do on a call.
 */
export class RecordIdSource {
  readonly prefix = `${randomBytes(9).toString('base64url')}-`;
  private counter = 0;

  /** The next counter value (1, 2, ...): the id is `recordId(source.prefix, counter)`. */
  next(): number {
    return ++this.counter;
  }
}

/** A call's id from its parts. */
export const recordId = (prefix: string, counter: number): string => prefix + counter.toString(36);

/** An attempt's id: its call's id and its number, so the two are linked by name as well. */
export const attemptId = (callId: string, attempt: number): string => `${callId}.${attempt}`;
