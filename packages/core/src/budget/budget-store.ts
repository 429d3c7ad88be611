import { randomUUID } from 'node:crypto';

/** Money set aside for one call until it is settled with what the call really cost. */
export interface BudgetReservation {
  id: string;
  key: string;
  amountUsd: number;
  /** After this (ms since the epoch, the store's clock) an unsettled reservation no longer counts. */
  expiresAt: number;
}

export type BudgetReserveResult =
  | { ok: true; reservation: BudgetReservation }
  | {
      ok: false;
      /** Settled spend of the key. */
      spentUsd: number;
      /** Live reservations of the key. */
      reservedUsd: number;
      limitUsd: number;
    };

export interface BudgetUsage {
  spentUsd: number;
  reservedUsd: number;
}

/**
 * Where budgets live: atomic reserve / settle with expiring leases. A key is one budget (put the
 * period in the key: `tenant-a:2025-06`). The in-memory store serves one process; the Redis store
 * in @llm/redis shares budgets between processes.
 */
export interface BudgetStore {
  /**
   * Sets `amountUsd` aside if spent + live reservations + amount stays within `limitUsd`.
   * The reservation lapses after `leaseMs` unless settled (a crashed caller holds nothing for long).
   * `retainMs`: the key (spend and reservations) may be forgotten that long from now, once its
   * period is over (a store keeps it at least that long, extended by later calls, never shortened);
   * absent, the key is kept as long as the store keeps anything (a `total` budget).
   */
  reserve(key: string, amountUsd: number, limitUsd: number, leaseMs: number, retainMs?: number): Promise<BudgetReserveResult>;
  /**
   * Ends a reservation and adds what the call really cost (more or less than reserved). A lapsed
   * reservation can still be settled for `SETTLE_GRACE_MS`; settling twice charges once.
   */
  settle(reservationId: string, actualUsd: number): Promise<void>;
  usage(key: string): Promise<BudgetUsage>;
  /** Forgets a key's spend and reservations. */
  reset(key: string): Promise<void>;
}

/** A reservation id that names its key, so settling needs no lookup (and works after the lease lapsed). */
export function newBudgetReservationId(key: string): string {
  return `${Buffer.from(key, 'utf8').toString('base64url')}.${randomUUID()}`;
}

/** The key a reservation id was made for; undefined for an id this module did not make. */
export function budgetKeyOfReservation(reservationId: string): string | undefined {
  const dot = reservationId.indexOf('.');
  if (dot <= 0) return undefined;
  return Buffer.from(reservationId.slice(0, dot), 'base64url').toString('utf8');
}

/** How long after its lease a reservation can still be settled (and charged). */
export const SETTLE_GRACE_MS = 3_600_000;

export interface InMemoryBudgetStoreOptions {
  now?: () => number;
}

interface BudgetState {
  spentUsd: number;
  reservations: Map<string, { amountUsd: number; expiresAt: number }>;
  /** When the key may be forgotten (ms since the epoch); Infinity for a key kept for good. */
  retainUntil: number;
}

/** How often (at most) the in-memory store looks for keys past their retention. */
const SWEEP_EVERY_MS = 60_000;

/** Budgets for one process: the default store. Keys past their retention are forgotten, so a long-lived process keeps only live periods. */
export class InMemoryBudgetStore implements BudgetStore {
  private readonly budgets = new Map<string, BudgetState>();
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(options: InMemoryBudgetStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** A key's state, unless it is past its retention (then it is forgotten). */
  private live(key: string, now: number): BudgetState | undefined {
    const state = this.budgets.get(key);
    if (state && state.retainUntil <= now) {
      this.budgets.delete(key);
      return undefined;
    }
    return state;
  }

  private state(key: string, now: number): BudgetState {
    let state = this.live(key, now);
    if (!state) {
      state = { spentUsd: 0, reservations: new Map(), retainUntil: 0 };
      this.budgets.set(key, state);
    }
    return state;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [key, state] of this.budgets) if (state.retainUntil <= now) this.budgets.delete(key);
  }

  /** How many keys the store holds (what retention bounds). */
  get size(): number {
    return this.budgets.size;
  }

  private reserved(state: BudgetState, now: number): number {
    let total = 0;
    for (const [id, r] of state.reservations) {
      // A lapsed reservation stops counting at once, but is remembered a while so that a late
      // settle still charges it (once).
      if (r.expiresAt + SETTLE_GRACE_MS <= now) state.reservations.delete(id);
      else if (r.expiresAt > now) total += r.amountUsd;
    }
    return total;
  }

  async reserve(key: string, amountUsd: number, limitUsd: number, leaseMs: number, retainMs?: number): Promise<BudgetReserveResult> {
    const now = this.now();
    this.sweep(now);
    const state = this.state(key, now);
    state.retainUntil = Math.max(state.retainUntil, retainMs === undefined ? Infinity : now + retainMs);
    const reservedUsd = this.reserved(state, now);
    if (state.spentUsd + reservedUsd + amountUsd > limitUsd) return { ok: false, spentUsd: state.spentUsd, reservedUsd, limitUsd };
    const id = newBudgetReservationId(key);
    const expiresAt = now + leaseMs;
    state.reservations.set(id, { amountUsd, expiresAt });
    return { ok: true, reservation: { id, key, amountUsd, expiresAt } };
  }

  async settle(reservationId: string, actualUsd: number): Promise<void> {
    const key = budgetKeyOfReservation(reservationId);
    if (key === undefined) return;
    const state = this.live(key, this.now());
    // Settling twice, or a reservation forgotten long after it lapsed, charges nothing.
    if (!state?.reservations.delete(reservationId)) return;
    state.spentUsd += Math.max(0, actualUsd);
  }

  async usage(key: string): Promise<BudgetUsage> {
    const now = this.now();
    const state = this.live(key, now);
    if (!state) return { spentUsd: 0, reservedUsd: 0 };
    return { spentUsd: state.spentUsd, reservedUsd: this.reserved(state, now) };
  }

  async reset(key: string): Promise<void> {
    this.budgets.delete(key);
  }
}
