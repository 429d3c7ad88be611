import { LLMError, toLLMError } from '@llm/errors';
import type { Logger } from '@llm/core';
import type { AnalyticsStore } from './analytics-store.js';
import type { CallRecord } from './call-record.js';
import type { RecordIdParts } from './record-id.js';
import { MemoryAnalyticsStore } from './memory-store.js';

export interface AnalyticsRecorderOptions {
  /** Where records go; a {@link MemoryAnalyticsStore} by default. */
  store?: AnalyticsStore;
  /** Records written per batch to a file or database store (default 500); the memory store takes each record at once. */
  batchSize?: number;
  /** The longest a record waits before it is written (default 1000 ms). */
  flushIntervalMs?: number;
  /**
   * Records held while the store cannot take them (default 100,000). Past that the oldest are
   * dropped, counted in `stats().dropped` and logged as an error: memory stays bounded when a
   * database is down for long.
   */
  maxBuffered?: number;
  /** Where write failures are reported (a warning per failure streak). */
  logger?: Logger;
}

export interface RecorderStats {
  /** Records handed to the recorder. */
  recorded: number;
  /** Records the store has taken. */
  stored: number;
  /** Waiting to be written. */
  buffered: number;
  /** Dropped because the buffer was full while the store failed. */
  dropped: number;
  /** Writes that failed (each retried). */
  failedWrites: number;
}

/**
 * Takes records from the middleware (one array push per record: nothing waits on the store) and
 * writes them to the store in batches. A failed write keeps its records and is tried again.
 */
export class AnalyticsRecorder {
  readonly store: AnalyticsStore;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxBuffered: number;
  private readonly logger: Logger | undefined;
  /** Set when the store is in this process: each record is written at once, with no buffer and no promise. */
  private readonly memory: MemoryAnalyticsStore | undefined;
  private buffer: CallRecord[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> | undefined;
  private failing = false;
  private closed = false;
  private readonly counts = { recorded: 0, stored: 0, dropped: 0, failedWrites: 0 };

  constructor(options: AnalyticsRecorderOptions = {}) {
    this.store = options.store ?? new MemoryAnalyticsStore();
    this.memory = this.store instanceof MemoryAnalyticsStore ? this.store : undefined;
    this.batchSize = positive(options.batchSize ?? 500, 'batchSize');
    this.flushIntervalMs = positive(options.flushIntervalMs ?? 1000, 'flushIntervalMs');
    this.maxBuffered = positive(options.maxBuffered ?? 100_000, 'maxBuffered');
    this.logger = options.logger;
  }

  /**
   * Queues one record (the middleware calls this; so can an application recording calls made
   * elsewhere). The observers also say how they made the record's id (`id`), so the memory store
   * need not parse it; it must then match `record.id` and `record.callId`.
   */
  record(record: CallRecord, id?: RecordIdParts): void {
    if (this.closed) throw new LLMError({ code: 'configuration', message: 'this analytics recorder is closed: a record came after close()' });
    this.counts.recorded += 1;
    if (this.memory) {
      // In this process: rolled up at once, so a record is garbage as soon as the store is done with it.
      this.memory.appendOne(record, id);
      this.counts.stored += 1;
      return;
    }
    this.buffer.push(record);
    if (this.buffer.length >= this.batchSize && !this.failing) {
      this.flushQuietly();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flushQuietly();
      }, this.flushIntervalMs);
      this.timer.unref?.();
    }
  }

  /** A background flush: a failure is already logged and its records kept for the next try. */
  private flushQuietly(): void {
    this.flush().catch(() => undefined);
  }

  /** Writes everything queued so far; resolves when it is stored (rejects if the store fails, keeping the records). */
  async flush(): Promise<void> {
    if (this.memory) return;
    while (this.writing) await this.writing.catch(() => undefined);
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.writing = this.write(batch);
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
    if (this.buffer.length > 0) await this.flush();
  }

  /** Flushes, then closes the store. Records after this are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
    this.closed = true;
    await this.store.close();
  }

  stats(): RecorderStats {
    return { ...this.counts, buffered: this.buffer.length };
  }

  private async write(batch: CallRecord[]): Promise<void> {
    try {
      for (let i = 0; i < batch.length; i += this.batchSize) {
        const part = batch.slice(i, i + this.batchSize);
        try {
          await this.store.append(part);
        } catch (err) {
          // Keep what was not written, ahead of anything queued since.
          this.buffer = batch.slice(i).concat(this.buffer);
          throw err;
        }
        this.counts.stored += part.length;
      }
      if (this.failing) this.logger?.info('analytics store is writable again', { store: this.store.kind, buffered: this.buffer.length });
      this.failing = false;
    } catch (err) {
      this.counts.failedWrites += 1;
      if (!this.failing) this.logger?.warn('analytics store write failed: records are kept and retried', { store: this.store.kind, error: toLLMError(err).toJSON() });
      this.failing = true;
      this.trim();
      this.schedule();
      throw err;
    }
  }

  private trim(): void {
    const over = this.buffer.length - this.maxBuffered;
    if (over <= 0) return;
    this.buffer.splice(0, over);
    this.counts.dropped += over;
    this.logger?.error('analytics buffer full while the store fails: oldest records dropped', { store: this.store.kind, dropped: over, totalDropped: this.counts.dropped });
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushQuietly();
    }, Math.min(this.flushIntervalMs * 10, 30_000));
    this.timer.unref?.();
  }
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new LLMError({ code: 'configuration', message: `invalid analytics recorder option ${name}: expected a whole number > 0, got ${String(value)}` });
  return value;
}
