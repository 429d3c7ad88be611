import type { ServerResponse } from 'node:http';
import { drained } from './respond.js';

/**
 * Writes a stream's text to the response in batches: everything written in one turn of the event
 * loop (the events parsed from one upstream read) goes out as one HTTP chunk, in one system call,
 * instead of one per event. The batch leaves at the end of the turn (`process.nextTick`), so
 * nothing waits for a timer.
 */
export class BatchedWriter {
  private pending = '';
  private scheduled = false;
  /**
   * Set when a write filled the socket's buffer (the client is slower than the stream): resolves
   * when it takes more. Listened for at once, since the drain may come before the writer is asked.
   */
  private drain: Promise<void> | undefined;

  constructor(private readonly res: ServerResponse) {}

  write(text: string): void {
    if (text === '') return;
    this.pending += text;
    if (!this.scheduled) {
      this.scheduled = true;
      process.nextTick(this.flushScheduled);
    }
  }

  private readonly flushScheduled = (): void => {
    this.scheduled = false;
    if (this.pending === '' || this.res.writableEnded) return;
    const text = this.pending;
    this.pending = '';
    if (!this.res.write(text)) this.drain = drained(this.res);
  };

  /** Undefined while the socket takes more; else a promise of when it does (or the client is gone). */
  ready(): Promise<void> | undefined {
    const drain = this.drain;
    this.drain = undefined;
    return drain;
  }

  /** Ends the response with what is pending and `text`. */
  end(text = ''): void {
    const all = this.pending + text;
    this.pending = '';
    this.res.end(all);
  }
}
