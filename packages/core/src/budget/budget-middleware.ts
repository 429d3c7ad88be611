import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, Usage } from '@llm/schema';
import { InMemoryBudgetStore, SETTLE_GRACE_MS, type BudgetReservation, type BudgetStore } from './budget-store.js';
import { budgetSlot, type BudgetPeriodName, type BudgetSlot, type BudgetWindow } from './budget-period.js';
import { computeCost, worstCaseCost, findPrice, tapStream, type ModelPrice, type PriceTable } from '../cost/index.js';
import type { Logger } from '../logging/index.js';
import { wrapChatModel, type Middleware } from '../middleware/index.js';
import { deriveRequest } from '../model/index.js';
import { createEstimateTokenCounter, type TokenCount, type TokenCounter } from '../tokens/index.js';

/** Sent when a budget's spend first reaches a threshold in a period (once per period and threshold, across processes sharing the store). */
export interface BudgetAlert {
  /** The fraction reached (0.5, 0.8, 1). */
  threshold: number;
  spentUsd: number;
  limitUsd: number;
  /** `global`, or `tag:user=alice`. */
  scope: string;
  /** The period's label (`2025-06-01`, `rolling-day`). */
  period: string;
  /** True for the 100% alert sent because a call was refused. */
  refused: boolean;
}

export interface BudgetMiddlewareOptions {
  prices?: PriceTable | undefined;
  /** The model's counter; a local estimate when absent. */
  tokenCounter?: TokenCounter | undefined;
  /** USD: a call whose worst case could exceed this fails with `cost_exceeded` before it is sent. */
  maxCostPerRequest?: number | undefined;
  /** USD per period. */
  maxBudget?: number | undefined;
  /** Default `month`. */
  period?: BudgetPeriodName | undefined;
  /** Default `calendar`. */
  window?: BudgetWindow | undefined;
  /** A tag name: one budget per value of `request.tags[budgetTag]` (calls without it share `(untagged)`). Global when absent. */
  budgetTag?: string | undefined;
  /** Budget state; in memory by default, `new RedisBudgetStore(...)` to share one budget between processes. */
  store?: BudgetStore | undefined;
  /** Prefix of the store keys: clients with the same name share a budget. Default `llm`. */
  name?: string | undefined;
  /** How long a reservation holds if its caller never settles it (crashed). Default 10 minutes. */
  leaseMs?: number | undefined;
  /** Fractions of `maxBudget` to alert at. Default `[0.5, 0.8, 1]`. */
  alertThresholds?: readonly number[] | undefined;
  onAlert?: ((alert: BudgetAlert) => void) | undefined;
  /** The output a request without `maxTokens` is allowed (and capped to) when a limit is set. Default 4096. */
  defaultMaxOutputTokens?: number | undefined;
  /** Added to estimated (not exact) input counts, as a fraction. Default 0.3 (the estimate's largest measured error is about 21%). */
  estimateMargin?: number | undefined;
  /** Count with the vendor's count endpoint where the counter has one (a network call per request). */
  countWithVendor?: boolean | undefined;
  /** What to do with a model of unknown price when a limit is set: refuse (default, since the spend cannot be bounded) or let it through uncounted. */
  unpricedModels?: 'reject' | 'allow' | undefined;
  logger?: Logger | undefined;
  now?: () => number;
}

/** Failures where the vendor may have processed (and billed) the prompt: the input's cost is charged. */
const BILLED_FAILURES = new Set(['timeout', 'canceled', 'network', 'malformed_response']);

/**
 * Keeps spending within limits. Before a call is sent it works out the worst case (the prompt's
 * tokens plus `maxTokens` of output at the model's prices; a request with no `maxTokens` gets
 * `defaultMaxOutputTokens` set so the bound holds) and:
 * - fails with `cost_exceeded`, without reaching the vendor, if the worst case is over `maxCostPerRequest`;
 * - reserves the worst case against `maxBudget` in the store, atomically, and fails with
 *   `cost_exceeded` if the budget has no room. The reservation is settled to the real cost when
 *   the call ends (or lapses after `leaseMs` if the process dies), so any number of concurrent
 *   callers, in any number of processes sharing the store, cannot overspend.
 * It runs once per attempt (inside retry and fallback), so each retry and each fallback model is
 * bounded at its own prices.
 */
export function budgetMiddleware(options: BudgetMiddlewareOptions): Middleware {
  const { prices, maxCostPerRequest, maxBudget, budgetTag, onAlert, logger } = options;
  const store = options.store ?? new InMemoryBudgetStore();
  const counter = options.tokenCounter ?? createEstimateTokenCounter();
  const period = options.period ?? 'month';
  const window = options.window ?? 'calendar';
  const name = options.name ?? 'llm';
  const leaseMs = options.leaseMs ?? 600_000;
  const thresholds = [...(options.alertThresholds ?? [0.5, 0.8, 1])].sort((a, b) => a - b);
  const defaultMaxOutput = options.defaultMaxOutputTokens ?? 4096;
  const margin = options.estimateMargin ?? 0.3;
  const now = options.now ?? Date.now;

  const scopeOf = (request: ChatRequest<unknown>): string =>
    budgetTag === undefined ? 'global' : `tag:${budgetTag}=${request.tags?.[budgetTag] ?? '(untagged)'}`;

  const sendAlert = async (slot: BudgetSlot, scope: string, threshold: number, spentUsd: number, refused: boolean): Promise<void> => {
    if (!onAlert || maxBudget === undefined) return;
    // Once per period and threshold across every process: the first reservation of the marker
    // key wins; it is never settled and lapses when the period (or rolling bucket) ends, and the
    // store forgets it an hour after.
    const lease = Math.max(1000, Math.min(slot.endsAt, now() + 400 * 86_400_000) - now());
    const marker = await store.reserve(`${name}:alert:${scope}:${slot.label}:${threshold}`, 1, 1, lease, lease + SETTLE_GRACE_MS);
    if (!marker.ok) return;
    try {
      onAlert({ threshold, spentUsd, limitUsd: maxBudget, scope, period: slot.label, refused });
    } catch (err) {
      logger?.warn('a budget alert callback threw', { error: err });
    }
  };

  const checkAlerts = async (slot: BudgetSlot, scope: string): Promise<void> => {
    if (!onAlert || maxBudget === undefined) return;
    const usage = await store.usage(slot.key);
    const spent = usage.spentUsd + slot.olderUsd;
    for (const threshold of thresholds) if (spent >= threshold * maxBudget - 1e-12) await sendAlert(slot, scope, threshold, spent, false);
  };

  interface Admission {
    price: ModelPrice | undefined;
    input: TokenCount | undefined;
    reservation?: BudgetReservation;
    slot?: BudgetSlot;
    scope: string;
  }

  const refuse = (provider: string, model: string, message: string, details: Record<string, unknown>): LLMError =>
    new LLMError({ code: 'cost_exceeded', message, provider, model, retryable: false, local: true, details });

  /** Checks the limits and reserves; returns the request to send (with `maxTokens` set) and what to settle. */
  const admit = async <TOutput>(request: ChatRequest<TOutput>, provider: string, model: string, signal?: AbortSignal): Promise<{ request: ChatRequest<TOutput>; admission: Admission }> => {
    const scope = scopeOf(request);
    const price = findPrice(prices, provider, [model], new Date(now()));
    if (!price) {
      if (options.unpricedModels === 'allow') return { request, admission: { price, input: undefined, scope } };
      throw new LLMError({
        code: 'configuration',
        provider,
        model,
        local: true,
        message: `no price is known for ${provider}:${model}, so its spend cannot be bounded; add one under cost.prices (or set cost.unpricedModels: allow)`,
      });
    }
    const maxOutput = request.maxTokens ?? defaultMaxOutput;
    const sent = request.maxTokens === undefined ? deriveRequest(request, { maxTokens: maxOutput }) : request;
    const input = await counter.countRequest(request, { ...(signal ? { signal } : {}), allowNetwork: options.countWithVendor === true });
    const inputTokens = input.source === 'estimate' ? Math.ceil(input.tokens * (1 + margin)) : input.tokens;
    const worst = worstCaseCost(price, inputTokens, maxOutput);
    const details = { worstCaseUsd: worst, inputTokens, inputTokensSource: input.source, maxOutputTokens: maxOutput };
    if (maxCostPerRequest !== undefined && worst > maxCostPerRequest) {
      throw refuse(provider, model, `this call could cost up to $${worst.toFixed(6)}, over the limit of $${maxCostPerRequest} per request (lower maxTokens or shorten the prompt)`, {
        ...details,
        limitUsd: maxCostPerRequest,
      });
    }
    if (maxBudget === undefined) return { request: sent, admission: { price, input, scope } };
    const slot = await budgetSlot(store, `${name}:budget:${scope}`, period, window, maxBudget, now());
    // The key is kept while its period is read, and a late settle's grace after (a total budget for good).
    const retainMs = slot.readUntil === undefined ? undefined : Math.max(0, slot.readUntil - now()) + SETTLE_GRACE_MS;
    const result = await store.reserve(slot.key, worst, slot.limitUsd, leaseMs, retainMs);
    if (!result.ok) {
      const spent = result.spentUsd + slot.olderUsd;
      if (thresholds.includes(1)) void sendAlert(slot, scope, 1, spent, true).catch(() => undefined);
      throw refuse(provider, model, `the ${scope} budget of $${maxBudget} per ${window === 'rolling' ? 'rolling ' : ''}${period} has no room for this call (worst case $${worst.toFixed(6)}, spent $${spent.toFixed(6)}, reserved $${result.reservedUsd.toFixed(6)})`, {
        ...details,
        limitUsd: maxBudget,
        spentUsd: spent,
        reservedUsd: result.reservedUsd,
        scope,
        period: slot.label,
      });
    }
    return { request: sent, admission: { price, input, reservation: result.reservation, slot, scope } };
  };

  /**
   * `admit`, with its own failures (a budget store that cannot be reached, a vendor count endpoint
   * that fails) made local: the call is refused, since its spend cannot be bounded, but nothing
   * counts it against the vendor or retries it.
   */
  const admitLocally = async <TOutput>(request: ChatRequest<TOutput>, provider: string, model: string, signal?: AbortSignal): Promise<{ request: ChatRequest<TOutput>; admission: Admission }> => {
    try {
      return await admit(request, provider, model, signal);
    } catch (err) {
      const error = toLLMError(err, { provider, model });
      if (error.local || error.code === 'canceled') throw error;
      throw error.with({ local: true, message: `the budget could not be checked, so the call was not sent: ${error.message}` });
    }
  };

  const settle = async (admission: Admission, actualUsd: number): Promise<void> => {
    const { reservation, slot, scope } = admission;
    if (!reservation || !slot) return;
    try {
      await store.settle(reservation.id, actualUsd);
      await checkAlerts(slot, scope);
    } catch (err) {
      // The reservation lapses by itself after its lease; the spend is then under-counted, never over.
      logger?.error('could not settle a budget reservation', { error: err, key: reservation.key });
    }
  };

  const realCost = (response: ChatResponse<unknown>, admission: Admission): number => {
    if (response.cached) return 0;
    if (response.usage.cost) return response.usage.cost.totalUsd;
    return admission.price ? computeCost(response.usage, admission.price).totalUsd : 0;
  };

  /** What a failed stream's reported usage costs (the vendor's cost, else at the admitted price). */
  const reportedCost = (admission: Admission, usage: Usage): number => usage.cost?.totalUsd ?? (admission.price ? computeCost(usage, admission.price).totalUsd : 0);

  /** A failed call's likely bill: nothing if the vendor refused it, the prompt if it may have been processed, plus output seen. */
  const failureCost = (admission: Admission, code: string | undefined, outputTokens: number): number => {
    if (!admission.price || !admission.input) return 0;
    if (outputTokens === 0 && (code === undefined || !BILLED_FAILURES.has(code))) return 0;
    return computeCost({ inputTokens: admission.input.tokens, outputTokens, totalTokens: admission.input.tokens + outputTokens }, admission.price).totalUsd;
  };

  /** Output tokens of the deltas a failed stream delivered, each counted as it was sent. */
  const countOutput = (texts: readonly string[]): number => {
    let tokens = 0;
    for (const text of texts) tokens += counter.countText(text);
    return tokens;
  };

  return (model) =>
    wrapChatModel(model, {
      chat: async (request, callOptions, next) => {
        const { request: sent, admission } = await admitLocally(request, next.provider, next.modelId, callOptions.signal);
        let response;
        try {
          response = await next.chat(sent, callOptions);
        } catch (err) {
          await settle(admission, failureCost(admission, LLMError.is(err) ? err.code : undefined, 0));
          throw err;
        }
        await settle(admission, realCost(response as ChatResponse<unknown>, admission));
        return response;
      },
      streamChat: (request, callOptions, next) => {
        let admission: Admission | undefined;
        // The output seen so far, counted only if the stream fails (a finished one bills the vendor's usage).
        const output: string[] = [];
        let reported: Usage | undefined;
        return tapStream(
          next.provider,
          next.modelId,
          async () => {
            const admitted = await admitLocally(request, next.provider, next.modelId, callOptions.signal);
            admission = admitted.admission;
            return next.streamChat(admitted.request, callOptions);
          },
          {
            onEvent: (event) => {
              if (event.type === 'text-delta' || event.type === 'reasoning-delta') output.push(event.text);
              else if (event.type === 'tool-call-delta') output.push(event.argumentsDelta);
              else if (event.type === 'usage') reported = event.usage;
            },
            onFinish: (response) => {
              if (admission) void settle(admission, realCost(response as ChatResponse<unknown>, admission));
            },
            onError: (error) => {
              // Usage the vendor reported before the failure is a bill; the estimate covers output it had not counted yet.
              if (admission) void settle(admission, Math.max(reported ? reportedCost(admission, reported) : 0, failureCost(admission, error.code, countOutput(output))));
            },
          },
          callOptions.signal,
        );
      },
    });
}

