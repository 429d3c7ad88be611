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
   */
  reserve(key: string, amountUsd: number, limitUsd: number, leaseMs: number): Promise<BudgetReserveResult>;
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
}

/** Budgets for one process: the default store. */
export class InMemoryBudgetStore implements BudgetStore {
  private readonly budgets = new Map<string, BudgetState>();
  private readonly now: () => number;

  constructor(options: InMemoryBudgetStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  private state(key: string): BudgetState {
    let state = this.budgets.get(key);
    if (!state) {
      state = { spentUsd: 0, reservations: new Map() };
      this.budgets.set(key, state);
    }
    return state;
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

  async reserve(key: string, amountUsd: number, limitUsd: number, leaseMs: number): Promise<BudgetReserveResult> {
    const now = this.now();
    const state = this.state(key);
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
    const state = this.budgets.get(key);
    // Settling twice, or a reservation forgotten long after it lapsed, charges nothing.
    if (!state?.reservations.delete(reservationId)) return;
    state.spentUsd += Math.max(0, actualUsd);
  }

  async usage(key: string): Promise<BudgetUsage> {
    const state = this.budgets.get(key);
    if (!state) return { spentUsd: 0, reservedUsd: 0 };
    return { spentUsd: state.spentUsd, reservedUsd: this.reserved(state, this.now()) };
  }

  async reset(key: string): Promise<void> {
    this.budgets.delete(key);
  }
}
