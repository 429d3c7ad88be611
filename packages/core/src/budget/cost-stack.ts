import { InMemoryBudgetStore, type BudgetStore } from './budget-store.js';
import { budgetMiddleware, type BudgetAlert } from './budget-middleware.js';
import type { ClientConfig } from '../config/index.js';
import { costMiddleware, type CostTracker, withPriceOverrides, type PriceTable } from '../cost/index.js';
import type { Logger } from '../logging/index.js';
import type { Middleware } from '../middleware/index.js';
import { createEstimateTokenCounter, type TokenCounter, type TokenCounterFactory } from '../tokens/index.js';

/** The cost parts a client's stack can be given (the provider factories pass the first two). */
export interface CostStackDeps {
  /** Prices (@llm/catalog's table from the provider factories); the config's `cost.prices` go on top. */
  priceTable?: PriceTable | undefined;
  /** The provider's token counter per model; a local estimate when absent. */
  tokenCounter?: TokenCounterFactory | undefined;
  /** Budget state shared between processes (`RedisBudgetStore`); in memory when absent. */
  budgetStore?: BudgetStore | undefined;
  /** Called at the budget's alert thresholds. */
  onBudgetAlert?: ((alert: BudgetAlert) => void) | undefined;
  costTracker?: CostTracker | undefined;
}

/** The prices a config sees: its own `cost.prices` over the given table. */
export function pricesFor(config: Pick<ClientConfig, 'cost'>, deps: CostStackDeps): PriceTable | undefined {
  return withPriceOverrides(deps.priceTable, config.cost.prices);
}

export function counterFor(deps: CostStackDeps, modelId: string): TokenCounter {
  return deps.tokenCounter?.(modelId) ?? createEstimateTokenCounter();
}

// One in-memory budget store per process for clients given none, so that `withModel` clients
// and clients with the same budget name share their budget.
let processStore: BudgetStore | undefined;
function processBudgetStore(): BudgetStore {
  return (processStore ??= new InMemoryBudgetStore());
}

/**
 * The budget middleware a config asks for (none when it sets neither `maxCostPerRequest` nor
 * `maxBudget`) and the cost middleware (always: it prices replies and feeds the tracker).
 */
export function costStack(config: ClientConfig, deps: CostStackDeps & { logger: Logger; modelId: string; budgetStore?: BudgetStore | undefined }): { budget?: Middleware; cost: Middleware } {
  const prices = pricesFor(config, deps);
  const cost = costMiddleware({ prices, logger: deps.logger, tracker: deps.costTracker });
  const c = config.cost;
  if (c.maxCostPerRequest === undefined && c.maxBudget === undefined) return { cost };
  const store = deps.budgetStore ?? processBudgetStore();
  const budget = budgetMiddleware({
    prices,
    tokenCounter: counterFor(deps, deps.modelId),
    maxCostPerRequest: c.maxCostPerRequest,
    maxBudget: c.maxBudget,
    period: c.budgetPeriod,
    window: c.budgetWindow,
    budgetTag: c.budgetTag,
    name: c.budgetName,
    leaseMs: c.reservationLease,
    alertThresholds: c.alertThresholds,
    defaultMaxOutputTokens: c.defaultMaxOutputTokens,
    countWithVendor: c.countTokens === 'vendor',
    unpricedModels: c.unpricedModels,
    store,
    onAlert: deps.onBudgetAlert,
    logger: deps.logger,
  });
  return { budget, cost };
}
