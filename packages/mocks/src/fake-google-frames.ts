import { splitText, type ScenarioUsage } from './scenario.js';

type Json = Record<string, unknown>;

/** A Gemini reply in the fake's terms, before it is framed as JSON or a stream. */
export interface GeminiReply {
  text: string;
  /** The text split as the stream sends it. */
  pieces: string[];
  /** Thought summaries (`thought: true` parts), before the answer. */
  reasoning?: string | undefined;
  /** `functionCall` parts, the first with its thought signature. */
  callParts: Json[];
  /** The signature Gemini 2.5 puts on the first text part after thinking. */
  textSignature?: string | undefined;
  /** `finishReason`, `finishMessage`, `safetyRatings`. */
  candidateExtras: Json;
  usage: ScenarioUsage;
}

/** `usageMetadata` as Gemini reports it: candidates exclude thoughts; the total includes them. */
export function usageMetadata(u: ScenarioUsage): Json {
  const thoughts = u.reasoningTokens ?? 0;
  const out: Json = {
    promptTokenCount: u.inputTokens,
    candidatesTokenCount: Math.max(0, u.outputTokens - thoughts),
    totalTokenCount: u.inputTokens + u.outputTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: u.inputTokens }],
  };
  if (thoughts) out.thoughtsTokenCount = thoughts;
  if (u.cachedInputTokens) {
    out.cachedContentTokenCount = u.cachedInputTokens;
    out.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: u.cachedInputTokens }];
  }
  return out;
}

/**
 * What Gemini sends while a stream is under way. Without thinking, the prompt count only. With
 * thinking, every chunk carries `thoughtsTokenCount` so far (growing through the thoughts, then
 * whole) and, once the answer starts, `candidatesTokenCount` so far, as Gemini 2.5 and 3 send it.
 */
export function partialUsage(u: ScenarioUsage, thoughtsSoFar?: number, candidatesSoFar?: number): Json {
  const prompt = { promptTokenCount: u.inputTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: u.inputTokens }] };
  if (!u.reasoningTokens || thoughtsSoFar === undefined) return { ...prompt, totalTokenCount: u.inputTokens };
  const candidates = candidatesSoFar ?? 0;
  return {
    ...prompt,
    ...(candidatesSoFar !== undefined ? { candidatesTokenCount: candidates } : {}),
    totalTokenCount: u.inputTokens + thoughtsSoFar + candidates,
    thoughtsTokenCount: thoughtsSoFar,
  };
}

/** The parts of a whole `generateContent` reply. */
export function replyParts(reply: GeminiReply): Json[] {
  const thought: Json[] = reply.reasoning ? [{ text: reply.reasoning, thought: true }] : [];
  const text: Json[] = reply.text ? [{ text: reply.text, ...(reply.textSignature ? { thoughtSignature: reply.textSignature } : {}) }] : [];
  return [...thought, ...text, ...reply.callParts];
}

/** `$.a`, `$.a.b`, `$.list[0]` paths and leaf values of an arguments object. */
function leaves(value: unknown, path: string): Array<{ path: string; value: unknown }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leaves(v, `${path}.${k}`));
  return [{ path, value }];
}

/**
 * A function call as Gemini 3 on Vertex AI streams it when asked (`streamFunctionCallArguments`):
 * a part naming the function (`willContinue: true`, the thought signature on the first call), one
 * part per argument piece (a string over two pieces and an empty closing one), then an empty
 * `functionCall` that ends it.
 */
function streamedCallParts(callPart: Json): Json[][] {
  const call = callPart.functionCall as Json;
  const head: Json = { functionCall: { name: call.name, ...(call.id ? { id: call.id } : {}), willContinue: true } };
  if (callPart.thoughtSignature) head.thoughtSignature = callPart.thoughtSignature;
  const out: Json[][] = [[head]];
  const piece = (arg: Json) => out.push([{ functionCall: { partialArgs: [arg], willContinue: true } }]);
  for (const { path, value } of leaves(call.args ?? {}, '$')) {
    if (typeof value === 'string') {
      const half = Math.ceil(value.length / 2);
      piece({ jsonPath: path, stringValue: value.slice(0, half), willContinue: true });
      if (value.length > half) piece({ jsonPath: path, stringValue: value.slice(half), willContinue: true });
      piece({ jsonPath: path, stringValue: '' });
    } else if (typeof value === 'number') piece({ jsonPath: path, numberValue: value });
    else if (typeof value === 'boolean') piece({ jsonPath: path, boolValue: value });
    else piece({ jsonPath: path, nullValue: 'NULL_VALUE' });
  }
  out.push([{ functionCall: {} }]);
  return out;
}

/**
 * The chunks of a streamed reply: thoughts (two chunks), the answer (one chunk per piece, the first
 * signed after thinking), then the function calls, whole in one chunk or, with `streamArguments`,
 * piece by piece; the finish reason and the full usage come on the last chunk.
 */
export function streamChunks(reply: GeminiReply, options: { streamArguments?: boolean } = {}): Json[] {
  const { usage } = reply;
  const thoughtsTotal = usage.reasoningTokens ?? 0;
  const candidatesTotal = Math.max(0, usage.outputTokens - thoughtsTotal);
  const thinking = reply.reasoning ? splitText(reply.reasoning, 2) : [];
  const chunks: Json[] = [];
  const push = (parts: Json[], partial: Json) => chunks.push({ candidates: [{ content: { parts, role: 'model' }, index: 0 }], usageMetadata: partial });
  thinking.forEach((piece, i) => push([{ text: piece, thought: true }], partialUsage(usage, Math.round((thoughtsTotal * (i + 1)) / thinking.length))));
  const answered = thinking.length > 0 ? thoughtsTotal : undefined;
  reply.pieces.forEach((piece, i) => {
    const part: Json = { text: piece, ...(i === 0 && reply.textSignature ? { thoughtSignature: reply.textSignature } : {}) };
    push([part], partialUsage(usage, answered, Math.round((candidatesTotal * (i + 1)) / reply.pieces.length)));
  });
  if (options.streamArguments) for (const call of reply.callParts) for (const parts of streamedCallParts(call)) push(parts, partialUsage(usage, answered, candidatesTotal));
  else if (reply.callParts.length) push(reply.callParts, partialUsage(usage, answered, candidatesTotal));
  // The finish reason and the full usage come on the last piece; after whole calls, on a chunk of
  // their own with an empty text; with nothing at all, on an empty content.
  const last = reply.callParts.length && !options.streamArguments ? undefined : chunks.pop();
  const content = last ? ((last.candidates as Json[])[0]!.content as Json) : chunks.length ? { parts: [{ text: '' }], role: 'model' } : {};
  chunks.push({ candidates: [{ content, ...reply.candidateExtras, index: 0 }], usageMetadata: usageMetadata(usage) });
  return chunks;
}
