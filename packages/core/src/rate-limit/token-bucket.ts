/** One limit: at most `limit` units (requests or tokens) in any interval of `windowMs`. */
export interface WindowRule {
  limit: number;
  windowMs: number;
}

interface Entry {
  /** When the units were taken (ms); they return to the bucket at `at + windowMs`. */
  at: number;
  amount: number;
  id: string;
}

/**
 * A token bucket whose tokens come back exactly one window after they were spent, instead of
 * trickling back at a steady rate. A steady-refill bucket of capacity N lets 2N through in one
 * window (a full bucket plus a window of refill); this one never lets more than `limit` through in
 * any interval of `windowMs` (a weighted sliding-window log), while still allowing a burst of the
 * whole limit at once. Pure and synchronous: the in-memory store keeps one per key and rule; the
 * Redis store runs the same arithmetic in Lua.
 */
export class WindowTokenBucket {
  private rule: WindowRule;
  /** Sorted by `at`. */
  private readonly entries: Entry[] = [];
  private usedUnits = 0;

  constructor(rule: WindowRule) {
    this.rule = { ...rule };
  }

  /** Limits may change between calls (config reload): the ledger stays. */
  setRule(rule: WindowRule): void {
    if (rule.limit !== this.rule.limit || rule.windowMs !== this.rule.windowMs) this.rule = { ...rule };
  }

  /** Units taken and not yet returned at `now`. */
  used(now: number): number {
    this.expire(now);
    return this.usedUnits;
  }

  /** Drops entries that have left the window; returns the ids dropped. */
  expire(now: number, dropped?: (id: string) => void): void {
    const { windowMs } = this.rule;
    while (this.entries.length > 0 && this.entries[0]!.at + windowMs <= now) {
      const entry = this.entries.shift()!;
      this.usedUnits -= entry.amount;
      dropped?.(entry.id);
    }
    if (this.entries.length === 0) this.usedUnits = 0;
  }

  /**
   * Milliseconds until `amount` units fit (0: they fit now). An amount above the whole limit
   * waits for an empty window and then goes alone, rather than never going at all.
   */
  waitMs(amount: number, now: number): number {
    this.expire(now);
    const { limit, windowMs } = this.rule;
    const need = Math.min(amount, limit);
    let over = this.usedUnits + need - limit;
    if (over <= 0) return 0;
    for (const entry of this.entries) {
      over -= entry.amount;
      if (over <= 0) return Math.max(1, entry.at + windowMs - now);
    }
    return windowMs;
  }

  take(amount: number, now: number, id: string): void {
    this.insert({ at: now, amount, id });
  }

  /**
   * Where the entry of `id` is, or -1. Searched from the newest: a call settles its entry soon
   * after taking it, so only the entries of calls started since are passed over, not the whole
   * window's (tens of thousands at a high rate).
   */
  private indexOf(id: string): number {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]!.id === id) return i;
    return -1;
  }

  /** Changes the amount of an entry still in the window (reconciling an estimate); false when it has left. */
  adjust(id: string, amount: number): boolean {
    const entry = this.entries[this.indexOf(id)];
    if (!entry) return false;
    this.usedUnits += amount - entry.amount;
    entry.amount = amount;
    return true;
  }

  /** Removes an entry (a reservation that was never used). */
  remove(id: string): boolean {
    const i = this.indexOf(id);
    if (i < 0) return false;
    this.usedUnits -= this.entries[i]!.amount;
    this.entries.splice(i, 1);
    return true;
  }

  /**
   * The vendor says only `remaining` units are left until `resetMs` from now: occupy whatever
   * the local bucket would still hand out beyond that, until the vendor's reset.
   */
  tighten(remaining: number, resetMs: number, now: number, id: string): void {
    this.expire(now);
    const excess = this.rule.limit - this.usedUnits - Math.max(0, remaining);
    if (excess <= 0) return;
    const at = now + Math.min(Math.max(0, resetMs), this.rule.windowMs) - this.rule.windowMs;
    this.insert({ at, amount: excess, id });
  }

  private insert(entry: Entry): void {
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1]!.at > entry.at) i--;
    this.entries.splice(i, 0, entry);
    this.usedUnits += entry.amount;
  }
}
