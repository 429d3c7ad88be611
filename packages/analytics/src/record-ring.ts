import { USAGE_COST_FIELDS, USAGE_TOKEN_FIELDS } from '@llm/core';
import type { LLMErrorCode } from '@llm/errors';
import type { CallRecord, RecordKind } from './call-record.js';
import type { RecordIdParts } from './record-id.js';

/** The numeric fields, in column order; an absent optional field is stored as NaN. */
const NUMBERS = [
  'start',
  'durationMs',
  'ttfcMs',
  'chunkMs',
  'outputChunks',
  'attempt',
  // Core's lists: a new token kind or cost part gets its column from there.
  ...USAGE_TOKEN_FIELDS,
  ...USAGE_COST_FIELDS,
  'retries',
  'fallbackHop',
  // The id, when it has the form of `recordIdSource`'s: prefix number, counter, attempt suffix (NaN: none).
  'idPrefix',
  'idCounter',
  'idAttempt',
] as const;
const N = NUMBERS.length;
/** Each numeric field's column. */
const C = Object.fromEntries(NUMBERS.map((name, i) => [name, i])) as Readonly<Record<(typeof NUMBERS)[number], number>>;
const TOKENS = C[USAGE_TOKEN_FIELDS[0]];
const COSTS = C[USAGE_COST_FIELDS[0]];
const RETRIES = C.retries;
const HOP = C.fallbackHop;
const ID = C.idPrefix;

/** The string and object fields, in column order. */
const REFS = ['id', 'callId', 'provider', 'model', 'responseModel', 'operation', 'errorCode', 'tags', 'experiment', 'arm'] as const;
const R = REFS.length;

const ATTEMPT = 1;
const STREAMED = 2;
const ERROR = 4;
const CACHE_HIT = 8;

const opt = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);

/** Distinct id prefixes kept as numbers at most; past that, ids are kept as strings. */
const MAX_PREFIXES = 256;

/** The value of base-36 digits `text[from..to)`, or -1 when one is not a digit (no allocation). */
function base36(text: string, from: number, to: number): number {
  if (from >= to || to - from > 10) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : -1;
    if (digit < 0) return -1;
    value = value * 36 + digit;
  }
  // A leading zero would not survive the round trip.
  return to - from > 1 && text.charCodeAt(from) === 48 ? -1 : value;
}

/** The value of decimal digits `text[from..to)`, or -1. */
function decimal(text: string, from: number, to: number): number {
  if (from >= to || to - from > 9 || (to - from > 1 && text.charCodeAt(from) === 48)) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + c - 48;
  }
  return value;
}

/**
 * The memory store's raw records, oldest overwritten first, kept in columns rather than as the
 * record objects: numbers in one Float64Array, flags in a byte each, strings and tags as
 * references (provider, model and tag objects are shared with the calls). A record object is
 * garbage as soon as it is copied in, so keeping 20,000 records costs the garbage collector
 * almost nothing per call (a kept object graph is what made a call slow; see docs/benchmarks.md),
 * and about 250 bytes per record.
 */
export class RecordRing {
  private numbers: Float64Array;
  private refs: unknown[];
  private flags: Uint8Array;
  /** Slots allocated (grows by doubling up to `capacity`). */
  private slots: number;
  /** Index of the next write, and how many records are live. */
  private next = 0;
  private live = 0;
  /** The last response model seen: repeated names share one string rather than one per record. */
  private lastResponseModel: string | undefined;
  /**
   * Id prefixes (`<random>-`) seen so far. Ids of the form `<prefix><base-36 counter>[.<attempt>]`
   * (what the observers make) are kept as three numbers: a kept string per record, pointed to
   * from this long-lived ring, made every young-generation collection slower (several µs per
   * call; docs/benchmarks.md).
   */
  private readonly prefixes: string[] = [];
  private lastPrefix = -1;

  constructor(readonly capacity: number) {
    this.slots = Math.min(capacity, 1024);
    this.numbers = new Float64Array(this.slots * N);
    this.refs = new Array<unknown>(this.slots * R).fill(undefined);
    this.flags = new Uint8Array(this.slots);
  }

  get size(): number {
    return this.live;
  }

  /**
   * Keeps a record. `id`, when given, says how the record's id and call id were made (the
   * observers' ids): they are then kept as three numbers without looking at the strings. Without
   * it, an id of that form is recognised by parsing it.
   */
  push(r: CallRecord, id?: RecordIdParts): void {
    if (this.capacity === 0) return;
    if (this.live === this.slots && this.slots < this.capacity) this.grow();
    const i = this.next;
    const n = i * N;
    const nums = this.numbers;
    nums[n] = r.start;
    nums[n + 1] = r.durationMs;
    nums[n + 2] = r.ttfcMs ?? NaN;
    nums[n + 3] = r.chunkMs ?? NaN;
    nums[n + 4] = r.outputChunks ?? NaN;
    nums[n + 5] = r.attempt;
    // Each token and cost field by name (a loop over core's lists here costs ~1 µs per call: keyed
    // loads of changing names); record-ring.test.ts fails when one of the lists' fields is missed.
    nums[n + C.inputTokens] = r.inputTokens;
    nums[n + C.outputTokens] = r.outputTokens;
    nums[n + C.cachedInputTokens] = r.cachedInputTokens;
    nums[n + C.cacheWriteTokens] = r.cacheWriteTokens;
    nums[n + C.reasoningTokens] = r.reasoningTokens;
    nums[n + C.costUsd] = r.costUsd ?? NaN;
    nums[n + C.inputUsd] = r.inputUsd ?? NaN;
    nums[n + C.outputUsd] = r.outputUsd ?? NaN;
    nums[n + C.cachedInputUsd] = r.cachedInputUsd ?? NaN;
    nums[n + C.cacheWriteUsd] = r.cacheWriteUsd ?? NaN;
    nums[n + C.reasoningUsd] = r.reasoningUsd ?? NaN;
    nums[n + RETRIES] = r.retries;
    nums[n + HOP] = r.fallbackHop;
    const prefix = id ? this.prefixIndex(id.idPrefix) : -1;
    const given = prefix >= 0;
    if (given) {
      nums[n + ID] = prefix;
      nums[n + ID + 1] = id!.idCounter;
      nums[n + ID + 2] = id!.idAttempt;
    }
    const numericId = given || this.encodeId(r.id, nums, n + ID);
    if (!numericId) nums.fill(NaN, n + ID, n + ID + 3);
    let responseModel = r.responseModel;
    if (responseModel !== undefined) {
      if (responseModel === this.lastResponseModel) responseModel = this.lastResponseModel;
      else this.lastResponseModel = responseModel;
    }
    const s = i * R;
    const refs = this.refs;
    refs[s] = numericId ? undefined : r.id;
    // The call id: undefined when it is the id itself or the id without its `.<attempt>` suffix.
    refs[s + 1] = given || r.callId === r.id || (numericId && !Number.isNaN(nums[n + ID + 2]!) && r.callId.length === r.id.lastIndexOf('.') && r.id.startsWith(r.callId)) ? undefined : r.callId;
    refs[s + 2] = r.provider;
    refs[s + 3] = r.model;
    refs[s + 4] = responseModel;
    refs[s + 5] = r.operation;
    refs[s + 6] = r.errorCode;
    refs[s + 7] = r.tags;
    refs[s + 8] = r.experiment;
    refs[s + 9] = r.arm;
    this.flags[i] = (r.kind === 'attempt' ? ATTEMPT : 0) | (r.streamed ? STREAMED : 0) | (r.outcome === 'error' ? ERROR : 0) | (r.cacheHit ? CACHE_HIT : 0);
    this.next = i + 1 === this.slots ? 0 : i + 1;
    if (this.live < this.slots) this.live += 1;
  }

  /** Drops the oldest records while `old` says so (records come in roughly in time order). */
  dropOldest(old: (start: number) => boolean): number {
    let dropped = 0;
    while (this.live > 0) {
      const i = this.indexOf(0);
      if (!old(this.numbers[i * N]!)) break;
      this.refs.fill(undefined, i * R, i * R + R);
      this.live -= 1;
      dropped += 1;
    }
    return dropped;
  }

  /** The start time of the k-th oldest live record. */
  startAt(k: number): number {
    return this.numbers[this.indexOf(k) * N]!;
  }

  /** The k-th oldest live record, rebuilt as an object. */
  at(k: number): CallRecord {
    const i = this.indexOf(k);
    const n = i * N;
    const s = i * R;
    const nums = this.numbers;
    const refs = this.refs;
    const flags = this.flags[i]!;
    const id = (refs[s] as string | undefined) ?? this.decodeId(n);
    const record = {
      id,
      kind: (flags & ATTEMPT ? 'attempt' : 'call') as RecordKind,
      callId: (refs[s + 1] as string | undefined) ?? (Number.isNaN(nums[n + ID + 2]!) ? id : id.slice(0, id.lastIndexOf('.'))),
      attempt: nums[n + 5]!,
      provider: refs[s + 2] as string,
      model: refs[s + 3] as string,
      responseModel: refs[s + 4] as string | undefined,
      operation: refs[s + 5] as string,
      streamed: (flags & STREAMED) !== 0,
      start: nums[n]!,
      durationMs: nums[n + 1]!,
      ttfcMs: opt(nums[n + 2]!),
      chunkMs: opt(nums[n + 3]!),
      outputChunks: opt(nums[n + 4]!),
      outcome: flags & ERROR ? 'error' : 'success',
      errorCode: refs[s + 6] as LLMErrorCode | undefined,
      retries: nums[n + RETRIES]!,
      fallbackHop: nums[n + HOP]!,
      cacheHit: (flags & CACHE_HIT) !== 0,
      tags: refs[s + 7] as Readonly<Record<string, string>> | undefined,
      experiment: refs[s + 8] as string | undefined,
      arm: refs[s + 9] as string | undefined,
    } as CallRecord;
    for (let j = 0; j < USAGE_TOKEN_FIELDS.length; j++) record[USAGE_TOKEN_FIELDS[j]!] = nums[n + TOKENS + j]!;
    for (let j = 0; j < USAGE_COST_FIELDS.length; j++) record[USAGE_COST_FIELDS[j]!] = opt(nums[n + COSTS + j]!);
    return record;
  }

  /** Writes the id's three numbers at `nums[at..]` and says so, or false when it has another form. */
  private encodeId(id: string, nums: Float64Array, at: number): boolean {
    const dot = id.lastIndexOf('.');
    const end = dot < 0 ? id.length : dot;
    const dash = id.lastIndexOf('-', end - 1);
    if (dash <= 0) return false;
    const counter = base36(id, dash + 1, end);
    if (counter < 0) return false;
    const attempt = dot < 0 ? NaN : decimal(id, dot + 1, id.length);
    if (attempt === -1) return false;
    let prefix = this.lastPrefix;
    if (prefix < 0 || this.prefixes[prefix]!.length !== dash + 1 || !id.startsWith(this.prefixes[prefix]!)) {
      prefix = this.prefixes.findIndex((p) => p.length === dash + 1 && id.startsWith(p));
      if (prefix < 0) prefix = this.addPrefix(id.slice(0, dash + 1));
      if (prefix < 0) return false;
      this.lastPrefix = prefix;
    }
    nums[at] = prefix;
    nums[at + 1] = counter;
    nums[at + 2] = attempt;
    return true;
  }

  /** The index of an id prefix (the same string object as last time, most often), or -1 when there are too many. */
  private prefixIndex(prefix: string): number {
    const last = this.lastPrefix;
    if (last >= 0 && this.prefixes[last] === prefix) return last;
    let index = this.prefixes.indexOf(prefix);
    if (index < 0) index = this.addPrefix(prefix);
    if (index >= 0) this.lastPrefix = index;
    return index;
  }

  private addPrefix(prefix: string): number {
    return this.prefixes.length >= MAX_PREFIXES ? -1 : this.prefixes.push(prefix) - 1;
  }

  private decodeId(n: number): string {
    const nums = this.numbers;
    const attempt = nums[n + ID + 2]!;
    const id = this.prefixes[nums[n + ID]!]! + nums[n + ID + 1]!.toString(36);
    return Number.isNaN(attempt) ? id : `${id}.${attempt}`;
  }

  private indexOf(k: number): number {
    const oldest = this.next - this.live;
    const i = oldest + k;
    return i < 0 ? i + this.slots : i >= this.slots ? i - this.slots : i;
  }

  /** Doubles the slots, the live records moved to the front in order. */
  private grow(): void {
    const slots = Math.min(this.capacity, this.slots * 2);
    const numbers = new Float64Array(slots * N);
    const refs = new Array<unknown>(slots * R).fill(undefined);
    const flags = new Uint8Array(slots);
    for (let k = 0; k < this.live; k++) {
      const i = this.indexOf(k);
      numbers.set(this.numbers.subarray(i * N, i * N + N), k * N);
      for (let j = 0; j < R; j++) refs[k * R + j] = this.refs[i * R + j];
      flags[k] = this.flags[i]!;
    }
    this.numbers = numbers;
    this.refs = refs;
    this.flags = flags;
    this.next = this.live;
    this.slots = slots;
  }
}
