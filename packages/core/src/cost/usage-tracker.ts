import type { Usage } from '@llm/schema';
import { addUsageTokens, type UsageTokenFields } from './usage-cost-fields.js';
import { observeStream, safely, wrapChatModel, type Middleware } from '../middleware/index.js';

export interface ModelUsage extends UsageTokenFields {
  provider: string;
  model: string;
  requests: number;
  /** Replies served from a cache: counted, but they cost no tokens. */
  cachedRequests: number;
  totalTokens: number;
  /** Sum of the known costs; `unpricedRequests` counts replies whose cost was unknown. */
  costUsd: number;
  unpricedRequests: number;
}

export interface UsageReport {
  totals: Omit<ModelUsage, 'provider' | 'model'>;
  /** Keyed by `provider:model`. */
  byModel: Record<string, ModelUsage>;
}

function emptyTotals(): Omit<ModelUsage, 'provider' | 'model'> {
  return { requests: 0, cachedRequests: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedRequests: 0 };
}

function add(target: Omit<ModelUsage, 'provider' | 'model'>, usage: Usage, cached: boolean): void {
  target.requests += 1;
  if (cached) {
    target.cachedRequests += 1;
    return;
  }
  addUsageTokens(target, usage);
  target.totalTokens += usage.totalTokens;
  if (usage.cost) target.costUsd += usage.cost.totalUsd;
  else target.unpricedRequests += 1;
}

/** Running totals of tokens and requests per model, for one client. */
export class UsageTracker {
  private readonly models = new Map<string, ModelUsage>();
  private readonly totals = emptyTotals();

  record(provider: string, model: string, usage: Usage, cached = false): void {
    const key = `${provider}:${model}`;
    let entry = this.models.get(key);
    if (!entry) {
      entry = { provider, model, ...emptyTotals() };
      this.models.set(key, entry);
    }
    add(entry, usage, cached);
    add(this.totals, usage, cached);
  }

  report(): UsageReport {
    const byModel: Record<string, ModelUsage> = {};
    for (const [key, value] of this.models) byModel[key] = { ...value };
    return { totals: { ...this.totals }, byModel };
  }

  reset(): void {
    this.models.clear();
    Object.assign(this.totals, emptyTotals());
  }

  /** A middleware that records every finished call and stream (and the usage a failed stream reported) into this tracker. */
  middleware(): Middleware {
    return (model) =>
      wrapChatModel(model, {
        chat: async (request, options, next) => {
          const response = await next.chat(request, options);
          safely(() => this.record(response.provider, response.model, response.usage, response.cached === true));
          return response;
        },
        streamChat: (request, options, next) => {
          const inner = next.streamChat(request, options);
          // Usage the vendor reported before the stream failed was billed: it is recorded too.
          let seen: Usage | undefined;
          return observeStream(inner, {
            onEvent: (event) => {
              if (event.type === 'usage') seen = event.usage;
            },
            onFinish: (response) => this.record(response.provider, response.model, response.usage, response.cached === true),
            onError: () => {
              if (seen) this.record(inner.provider, next.modelId, seen);
            },
          });
        },
      });
  }
}
