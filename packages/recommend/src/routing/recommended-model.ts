import { type CallOptions, type ChatModel, ChatStream, chatModelFrom, createFallbackModel, type FallbackOptions, type RoutingInfo } from '@llm/core';
import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, StreamEvent } from '@llm/schema';
import { checkCandidates, checkRecommendOptions, recommend, type Candidate, type RecommendOptions, type Recommendation } from '../ranking/index.js';

/** What the routing model adds to `response.providerMetadata.routing`, beside the fallback's `answeredBy` and `tried`. */
export interface RecommendationRouting extends RoutingInfo {
  /** The model the recommendation put first (it answered unless it failed). */
  readonly chosen: string;
  readonly profile: string;
  readonly method: Recommendation['method'];
  /** The chosen model's explanation, in words. */
  readonly reason: string;
  /** The models tried in turn, best first, with their scores. */
  readonly order: ReadonlyArray<{ readonly id: string; readonly score: number }>;
  /** How many candidates the constraints left out (see `onDecision` for each one's reasons). */
  readonly excluded: number;
}

export interface RecommendedModelOptions<C extends Candidate> {
  readonly candidates: readonly C[];
  /** The client of each candidate you can call, by id; candidates without one are not routed to. */
  readonly models: Readonly<Record<string, ChatModel>> | ((candidate: C) => ChatModel | undefined);
  /** How to rank (profile, weights, method, constraints, quality, observed); the request's own needs are added per call. */
  readonly recommend?: Omit<RecommendOptions, 'request'> | undefined;
  /** How many ranked models a call may try in turn (default 3). */
  readonly maxModels?: number | undefined;
  /** Which failures move on to the next ranked model (the fallback model's default when absent). */
  readonly fallbackOn?: FallbackOptions['fallbackOn'];
  /** Called with each call's full recommendation (every ranked and excluded model, with reasons). */
  readonly onDecision?: ((recommendation: Recommendation<C>, request: ChatRequest<unknown>) => void) | undefined;
}

/**
 * A ChatModel that picks a model per request by the recommendation: the request's needs (tools,
 * structured output, images, prompt size) are added to the profile's, the ranked models that have a
 * client are tried in turn (a failure that the fallback model would move on from moves on to the
 * next), and `providerMetadata.routing` records the choice, the order and the reason. A request no
 * model can serve fails with `invalid_request`, naming why each was left out.
 */
export function createRecommendedModel<C extends Candidate>(options: RecommendedModelOptions<C>): ChatModel {
  checkCandidates(options.candidates);
  checkRecommendOptions(options.recommend ?? {});
  const maxModels = options.maxModels ?? 3;
  if (!Number.isInteger(maxModels) || maxModels < 1) throw new LLMError({ code: 'configuration', message: `maxModels must be a positive integer; got ${String(maxModels)}`, local: true });
  const modelOf = (candidate: C): ChatModel | undefined =>
    typeof options.models === 'function' ? options.models(candidate) : Object.hasOwn(options.models, candidate.id) ? options.models[candidate.id] : undefined;
  const routable = options.candidates.filter((c) => modelOf(c) !== undefined);
  if (routable.length === 0) throw new LLMError({ code: 'configuration', message: 'createRecommendedModel: no candidate has a model to call (models has none of their ids)', local: true });
  const profile = typeof options.recommend?.profile === 'object' ? options.recommend.profile.name : (options.recommend?.profile ?? 'chat');
  const provider = 'recommend';
  const modelId = profile;

  const decide = async (request: ChatRequest<unknown>) => {
    const recommendation = await recommend(routable, { ...options.recommend, request });
    options.onDecision?.(recommendation, request);
    const picked = recommendation.ranked.slice(0, maxModels);
    if (picked.length === 0) {
      const reasons = recommendation.excluded.map((e) => `${e.id}: ${e.failed.map((f) => f.message).join('; ')}`);
      throw new LLMError({
        code: 'invalid_request',
        message: `no model fits the request (${reasons.slice(0, 5).join(' | ')}${reasons.length > 5 ? ` | and ${reasons.length - 5} more` : ''})`,
        provider,
        model: modelId,
        local: true,
        details: { excluded: recommendation.excluded },
      });
    }
    const fallback = createFallbackModel(
      picked.map((m) => modelOf(m.candidate)!),
      options.fallbackOn ? { fallbackOn: options.fallbackOn } : {},
    );
    const routing = (response: ChatResponse<unknown>): RecommendationRouting => {
      const base = response.providerMetadata?.routing as RoutingInfo | undefined;
      return {
        answeredBy: base?.answeredBy ?? picked[0]!.candidate.id,
        tried: base?.tried ?? [],
        chosen: picked[0]!.candidate.id,
        profile: recommendation.profile,
        method: recommendation.method,
        reason: picked[0]!.summary,
        order: picked.map((m) => ({ id: m.candidate.id, score: m.explanation.score })),
        excluded: recommendation.excluded.length,
      };
    };
    return { fallback, routing };
  };

  const withRouting = <T>(response: ChatResponse<T>, routing: (r: ChatResponse<unknown>) => RecommendationRouting): ChatResponse<T> => ({
    ...response,
    providerMetadata: { ...response.providerMetadata, routing: routing(response as ChatResponse<unknown>) },
  });

  const chat = async <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions?: CallOptions): Promise<ChatResponse<TOutput>> => {
    const { fallback, routing } = await decide(request as ChatRequest<unknown>);
    return withRouting(await fallback.chat(request, callOptions), routing);
  };

  const streamChat = <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions: CallOptions = {}): ChatStream<TOutput> =>
    new ChatStream<TOutput>(
      async function* (signal): AsyncGenerator<StreamEvent<TOutput>> {
        let decided;
        try {
          decided = await decide(request as ChatRequest<unknown>);
        } catch (err) {
          throw toLLMError(err, { provider, model: modelId });
        }
        for await (const event of decided.fallback.streamChat(request, { ...callOptions, signal })) {
          yield event.type === 'finish' ? { ...event, response: withRouting(event.response, decided.routing) } : event;
        }
      },
      { provider, modelId, signal: callOptions.signal },
    );

  return chatModelFrom({ provider, modelId, chat, streamChat });
}
