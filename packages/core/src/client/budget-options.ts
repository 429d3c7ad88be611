import type { ClientOption } from './client-options.js';
import type { BudgetStore, BudgetAlert } from '../budget/index.js';
import type { CostTracker, PriceTable } from '../cost/index.js';
import type { TokenCounterFactory } from '../tokens/index.js';

const addDeps =
  (deps: Record<string, unknown>): ClientOption =>
  (setup) => {
    setup.deps = { ...setup.deps, ...deps };
  };

/** Where budgets live: `withBudgetStore(new RedisBudgetStore({ redis }))` shares one budget between processes. */
export const withBudgetStore = (store: BudgetStore): ClientOption => addDeps({ budgetStore: store });
/** Called when a budget first reaches each of `cost.alertThresholds` in a period. */
export const withBudgetAlerts = (onAlert: (alert: BudgetAlert) => void): ClientOption => addDeps({ onBudgetAlert: onAlert });
/** Prices to use instead of the provider's (the config's `cost.prices` still win). */
export const withPriceTable = (prices: PriceTable): ClientOption => addDeps({ priceTable: prices });
/** The token counter per model, instead of the provider's. */
export const withTokenCounter = (counter: TokenCounterFactory): ClientOption => addDeps({ tokenCounter: counter });
/** A cost tracker to feed (to share one between clients). */
export const withCostTracker = (tracker: CostTracker): ClientOption => addDeps({ costTracker: tracker });
