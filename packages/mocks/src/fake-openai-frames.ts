import { splitText } from './scenario.js';

type Json = Record<string, unknown>;

/** One choice of a Chat Completions reply, in the fake's terms. */
export interface ChoicePlan {
  index: number;
  text: string;
  /** The model declined: sent as `refusal` (the content stays null). */
  refusal?: string | undefined;
  /** Reasoning text, for vendors that send it (`reasoningField`). */
  reasoning?: string | undefined;
  calls: Array<{ id: string; name: string; args: string }>;
  finish: string;
}

/** A whole reply: what every chunk repeats, the choices, and what the request asked for. */
export interface ReplyPlan {
  id: string;
  created: number;
  model: string;
  usage: Json;
  choices: ChoicePlan[];
  /** The request asked for `logprobs`. */
  logprobs: boolean;
  /** The request asked for `stream_options.include_usage`. */
  includeUsage: boolean;
  /** Split each text into this many chunks (default: a word per chunk). */
  textChunks?: number | undefined;
  /** Fields every chunk carries after `model` (OpenAI: `service_tier`, `system_fingerprint`). */
  envelope: Json;
}

/** How a vendor shapes its chunks. */
export interface FrameStyle {
  /** Adds vendor fields to a payload (Groq's `x_groq`, OpenRouter's `provider`, Azure's filter results). */
  decorate: (payload: Json, kind: 'completion' | 'chunk' | 'usage-chunk') => Json;
  /** `fragments`: a call's arguments in many deltas (OpenAI); `whole`: each call in one delta (Groq). */
  toolCallDeltas: 'fragments' | 'whole';
  /** Where reasoning text goes (`reasoning` on Groq and OpenRouter); undefined: not sent (OpenAI). */
  reasoningField?: string | undefined;
  /** The usage chunk: `separate` with `choices: []` (OpenAI), `repeat-choice` with a choice of an empty delta (OpenRouter), `none` (Groq puts usage on the finish chunk). */
  usageChunk: 'separate' | 'repeat-choice' | 'none';
  /** A comment frame sent after each text chunk (OpenRouter's `: OPENROUTER PROCESSING`). */
  commentFrame?: string | undefined;
  /** Comment frames before the first chunk. */
  leadingComments?: number | undefined;
  /** Frames sent before the first chunk of the choices (Azure's content-filter chunk). */
  preamble?: (plan: ReplyPlan) => Json[];
}

function tokenLogprob(token: string): Json {
  return { token, logprob: -0.0025, bytes: [...Buffer.from(token, 'utf8')], top_logprobs: [] };
}

/** The message of a choice in a whole completion. */
function completionChoice(c: ChoicePlan, plan: ReplyPlan, style: FrameStyle): Json {
  const message: Json = { role: 'assistant', content: c.refusal !== undefined || (c.calls.length && !c.text) ? null : c.text, refusal: c.refusal ?? null, annotations: [] };
  if (c.reasoning && style.reasoningField) message[style.reasoningField] = c.reasoning;
  if (c.calls.length) message.tool_calls = c.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } }));
  const logprobs = plan.logprobs ? { content: splitText(c.text).map(tokenLogprob), refusal: null } : null;
  return { index: c.index, message, logprobs, finish_reason: c.finish };
}

/** A whole Chat Completion. */
export function completionJson(plan: ReplyPlan, style: FrameStyle): Json {
  const payload: Json = { id: plan.id, object: 'chat.completion', created: plan.created, model: plan.model, choices: plan.choices.map((c) => completionChoice(c, plan, style)), usage: plan.usage, ...plan.envelope };
  return style.decorate(payload, 'completion');
}

interface Delta {
  delta: Json;
  logprobs: Json | null;
}

/** The deltas of one choice, role first, finish excluded. */
function choiceDeltas(c: ChoicePlan, plan: ReplyPlan, style: FrameStyle): Delta[] {
  const out: Delta[] = [];
  const plain = (delta: Json): Delta => ({ delta, logprobs: null });
  const toolDeltas: Json[] = [];
  c.calls.forEach((call, index) => {
    if (style.toolCallDeltas === 'whole') {
      toolDeltas.push({ tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.args }, index }] });
      return;
    }
    toolDeltas.push({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const piece of splitText(call.args, Math.max(1, Math.ceil(call.args.length / 8)))) toolDeltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  const reasoning = c.reasoning && style.reasoningField ? splitText(c.reasoning) : [];
  if (c.refusal !== undefined) {
    out.push(plain({ role: 'assistant', content: null, refusal: '' }));
    for (const piece of splitText(c.refusal)) out.push(plain({ refusal: piece }));
    return out;
  }
  if (!c.text && reasoning.length === 0 && toolDeltas.length > 0) {
    // A reply of tool calls only: OpenAI names the role with the first call when there is one call, in a
    // chunk of its own otherwise (and Groq always).
    if (c.calls.length === 1 && style.toolCallDeltas === 'fragments') out.push(plain({ role: 'assistant', content: null, ...toolDeltas.shift(), refusal: null }));
    else out.push(plain({ role: 'assistant', content: null }));
  } else {
    out.push({ delta: { role: 'assistant', content: '', refusal: null }, logprobs: plan.logprobs ? { content: [], refusal: null } : null });
  }
  for (const piece of reasoning) out.push(plain({ [style.reasoningField!]: piece }));
  for (const piece of splitText(c.text, plan.textChunks)) out.push({ delta: { content: piece }, logprobs: plan.logprobs ? { content: [tokenLogprob(piece)], refusal: null } : null });
  for (const d of toolDeltas) out.push(plain(d));
  return out;
}

/**
 * The SSE frames of a streamed reply, `[DONE]` excluded (and without the finish and usage chunks
 * unless `finished`). With several choices, each choice's
 * role chunk and first delta come in turn, then the rest round-robin, then the finish chunks,
 * as OpenAI interleaves them (`n > 1`).
 */
export function chunkFrames(plan: ReplyPlan, style: FrameStyle, finished = true): string[] {
  const frame = (payload: Json, kind: 'chunk' | 'usage-chunk' = 'chunk') => `data: ${JSON.stringify(style.decorate(payload, kind))}\n\n`;
  const chunk = (index: number, d: Delta | undefined, finish: string | null = null): string => {
    const payload: Json = {
      id: plan.id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      ...plan.envelope,
      choices: [{ index, delta: d?.delta ?? {}, logprobs: d?.logprobs ?? null, finish_reason: finish }],
    };
    if (plan.includeUsage) payload.usage = null;
    return frame(payload);
  };
  const frames: string[] = [];
  for (let i = 0; i < (style.leadingComments ?? 0); i++) frames.push(style.commentFrame ?? ': keep-alive\n\n');
  for (const payload of style.preamble?.(plan) ?? []) frames.push(frame(payload));
  const lists = plan.choices.map((c) => choiceDeltas(c, plan, style));
  const emit = (index: number, d: Delta) => {
    frames.push(chunk(index, d));
    if (style.commentFrame && d.delta.content) frames.push(style.commentFrame);
  };
  lists.forEach((deltas, i) => deltas.slice(0, 2).forEach((d) => emit(i, d)));
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let k = 2; k < longest; k++) lists.forEach((deltas, i) => deltas[k] && emit(i, deltas[k]!));
  if (!finished) return frames;
  plan.choices.forEach((c) => frames.push(chunk(c.index, undefined, c.finish)));
  if (plan.includeUsage && style.usageChunk !== 'none') {
    const choices = style.usageChunk === 'repeat-choice' ? [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }] : [];
    frames.push(frame({ id: plan.id, object: 'chat.completion.chunk', created: plan.created, model: plan.model, ...plan.envelope, choices, usage: plan.usage }, 'usage-chunk'));
  }
  return frames;
}
