/**
 * A first-in, first-out queue with removal from anywhere (an aborted waiter leaves its place) and
 * an optional bound. Only the head is ever served, so nobody overtakes anybody.
 */
export class FairQueue<T> {
  private readonly items: T[] = [];

  constructor(readonly maxSize: number = Number.POSITIVE_INFINITY) {}

  get size(): number {
    return this.items.length;
  }

  /** Adds at the back; false when the queue is full. */
  push(item: T): boolean {
    if (this.items.length >= this.maxSize) return false;
    this.items.push(item);
    return true;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  /** Removes an item wherever it is; true when it was there. */
  remove(item: T): boolean {
    const i = this.items.indexOf(item);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
}
