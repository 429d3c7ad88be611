import type { ReplyPlan } from './fake-openai-frames.js';

type Json = Record<string, unknown>;

const SAFE = { filtered: false, severity: 'safe' };
const CONTENT_FILTERS: Json = { hate: SAFE, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const PROMPT_FILTERS: Json[] = [{ prompt_index: 0, content_filter_results: { ...CONTENT_FILTERS, jailbreak: { filtered: false, detected: false } } }];

/**
 * Azure OpenAI's first stream chunk: the prompt's content-filter results, with empty `id`,
 * `model` and `object`, `created: 0` and no choices.
 */
export function azurePreamble(_plan: ReplyPlan): Json[] {
  return [{ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: PROMPT_FILTERS }];
}

/** Azure's additions to a reply: filter results on every choice, and the prompt's on a whole completion. */
export function azureDecorate(payload: Json): Json {
  if (payload.object === '') return payload;
  const choices = Array.isArray(payload.choices) ? (payload.choices as Json[]).map((c) => ({ ...c, content_filter_results: c.finish_reason ? {} : CONTENT_FILTERS })) : payload.choices;
  const out: Json = { ...payload, choices };
  if (payload.object === 'chat.completion') out.prompt_filter_results = PROMPT_FILTERS;
  return out;
}
