import type { Facts } from '../../src/record/index.js';
import type { ModelsDevModel } from './models-dev-schema.js';

/** A vendor names its previews so: `gemini-3-pro-preview`, `...-exp`. */
export function statusFromId(model: string): 'active' | 'preview' {
  return /(^|[-./])(preview|exp|experimental)([-./:]|$)/.test(model) ? 'preview' : 'active';
}

/** models.dev marks only the exceptions (beta, deprecated); otherwise the id says whether it is a preview. */
function statusOf(model: string, data: ModelsDevModel): 'active' | 'preview' | 'deprecated' {
  if (data.status === 'deprecated') return 'deprecated';
  if (data.status === 'alpha' || data.status === 'beta') return 'preview';
  return statusFromId(model);
}

/** models.dev modality names are ours, except that it has none for files (pdf is named). */
function modalities(list: string[] | undefined): string[] | undefined {
  return list ? [...new Set(list)] : undefined;
}

function reasoningControls(data: ModelsDevModel): unknown {
  const options = data.reasoning_options;
  if (!options) return data.reasoning === false ? { effort: [], budgetTokens: null, toggle: false } : undefined;
  const effort = options.flatMap((o) => (o.type === 'effort' ? o.values : []));
  const budget = options.find((o) => o.type === 'budget_tokens');
  return {
    effort: [...new Set(effort)],
    budgetTokens: budget ? { min: budget.min ?? null, max: budget.max ?? null } : null,
    toggle: options.some((o) => o.type === 'toggle'),
  };
}

/** The prices of a models.dev `[cost]` table; undefined fields stay unknown. */
function prices(cost: ModelsDevModel['cost']): Facts {
  if (!cost) return {};
  const tiers = (cost.tiers ?? [])
    .map((t) => ({ aboveInputTokens: t.tier.size, input: t.input ?? null, output: t.output ?? null, cachedInput: t.cache_read ?? null, cacheWrite: t.cache_write ?? null }))
    .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  return {
    'prices.input': cost.input,
    'prices.output': cost.output,
    'prices.cachedInput': cost.cache_read,
    'prices.cacheWrite': cost.cache_write,
    'prices.reasoning': cost.reasoning,
    'prices.inputAudio': cost.input_audio,
    'prices.tiers': tiers,
    // A cache-read price means the vendor caches prompts; without one, models.dev does not say.
    'capabilities.promptCaching': cost.cache_read !== undefined ? true : undefined,
  };
}

const positive = (n: number | undefined): number | undefined => (n !== undefined && n > 0 ? n : undefined);

/**
 * models.dev lists embedding models (family `text-embedding`, `gemini-embedding`) with text output
 * and the vector's dimension as the output limit. They give vectors: the output is `embedding` and
 * there is no output token limit, so no chat lookup or recommendation takes them for a text model.
 */
export function isEmbeddingModel(model: string, data: ModelsDevModel): boolean {
  return /(^|-)embedding(-|$)/.test(data.family ?? '') || /(^|[-.])embed(ding)?([-.]|$)/.test(model);
}

/** What one models.dev file says about its model. Absent keys give no fact (unknown), never false. */
export function modelsDevFacts(model: string, data: ModelsDevModel): Facts {
  const embedding = isEmbeddingModel(model, data);
  return {
    id: true,
    displayName: data.name,
    family: data.family,
    'status.value': statusOf(model, data),
    releaseDate: data.release_date,
    lastUpdated: data.last_updated,
    knowledgeCutoff: data.knowledge,
    openWeights: data.open_weights,
    'limits.context': positive(data.limit?.context),
    'limits.input': positive(data.limit?.input),
    'limits.output': embedding ? undefined : positive(data.limit?.output),
    'modalities.input': modalities(data.modalities?.input),
    'modalities.output': embedding ? ['embedding'] : modalities(data.modalities?.output),
    'capabilities.toolCalling': data.tool_call,
    'capabilities.structuredOutput': data.structured_output,
    'capabilities.reasoning': data.reasoning,
    'capabilities.temperature': data.temperature,
    reasoningControls: reasoningControls(data),
    ...prices(data.cost),
  };
}
