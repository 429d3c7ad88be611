import {
  budgetMiddleware,
  budgetSlot,
  wrapChatModel,
  type ApiKeyBudget,
  type ApiKeyRecord,
  type BudgetStore,
  type ChatModel,
  type Logger,
  type Middleware,
  type PriceTable,
} from '@llm/core';
import type { ChatRequest } from '@llm/schema';

/** The request tag that names the calling key (also how cost reports break spend down by key). */
export const KEY_TAG = 'key';
/** The prefix of the keys' budgets in the budget store. */
const BUDGET_NAME = 'gateway';

interface KeyBudget {
  budget: ApiKeyBudget;
  middleware: Middleware;
  /** The budget layer over each model it has wrapped (one per upstream stack). */
  wrapped: WeakMap<ChatModel, ChatModel>;
}

/** A key's spend in its current budget period. */
export interface KeySpend {
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  remainingUsd: number;
  /** The period's label (`2025-06`, `rolling-day`). */
  period: string;
}

export interface KeyBudgetsOptions {
  store: BudgetStore;
  prices: PriceTable | undefined;
  logger: Logger;
  now?: () => number;
}

/**
 * Each key's budget, kept by the framework's budget middleware (worst case reserved before a call,
 * settled to the real cost after, atomically in the shared store) once per attempt, inside the
 * upstream stacks: each retry and each fallback model is bounded at its own prices. The calling
 * key travels in the request's `key` tag.
 */
export class KeyBudgets {
  private readonly budgets = new Map<string, KeyBudget>();
  private readonly now: () => number;

  constructor(private readonly options: KeyBudgetsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Makes (or refreshes) the key's budget layer before its call. */
  prepare(key: ApiKeyRecord): void {
    const budget = key.budget;
    if (!budget) {
      this.budgets.delete(key.id);
      return;
    }
    const known = this.budgets.get(key.id);
    if (known && known.budget.usd === budget.usd && known.budget.period === budget.period && known.budget.window === budget.window) return;
    const { store, prices, logger } = this.options;
    const middleware = budgetMiddleware({
      maxBudget: budget.usd,
      period: budget.period,
      window: budget.window,
      // One budget per value of the key tag: the store keys and the refusal's message name the key.
      name: BUDGET_NAME,
      budgetTag: KEY_TAG,
      store,
      prices,
      logger,
      now: this.now,
    });
    this.budgets.set(key.id, { budget, middleware, wrapped: new WeakMap() });
  }

  private layerFor(request: ChatRequest<unknown>, next: ChatModel): ChatModel {
    const id = request.tags?.[KEY_TAG];
    const entry = id === undefined ? undefined : this.budgets.get(id);
    if (!entry) return next;
    let model = entry.wrapped.get(next);
    if (!model) {
      model = entry.middleware(next);
      entry.wrapped.set(next, model);
    }
    return model;
  }

  /** The attempt middleware: the calling key's budget layer, or nothing for a key without a budget. */
  middleware(): Middleware {
    return (next) =>
      wrapChatModel(next, {
        chat: (request, options, inner) => this.layerFor(request, inner).chat(request, options),
        streamChat: (request, options, inner) => this.layerFor(request, inner).streamChat(request, options),
      });
  }

  /** The key's spend in its current period (shared across replicas when the store is). */
  async spend(key: ApiKeyRecord): Promise<KeySpend | undefined> {
    const budget = key.budget;
    if (!budget) return undefined;
    const { store } = this.options;
    const slot = await budgetSlot(store, `${BUDGET_NAME}:budget:tag:${KEY_TAG}=${key.id}`, budget.period, budget.window, budget.usd, this.now());
    const usage = await store.usage(slot.key);
    const spentUsd = usage.spentUsd + slot.olderUsd;
    return { limitUsd: budget.usd, spentUsd, reservedUsd: usage.reservedUsd, remainingUsd: Math.max(0, budget.usd - spentUsd - usage.reservedUsd), period: slot.label };
  }

  /** Forgets a key's layer (revoked). */
  forget(id: string): void {
    this.budgets.delete(id);
  }
}
