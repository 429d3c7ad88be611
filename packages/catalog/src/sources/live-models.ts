import type { ModelInfo } from '@llm/schema';
import type { Facts, Source } from '../record/index.js';

/** The source id of a provider's live listing. */
export const liveSourceId = (provider: string): string => `live:${provider}`;

/** A provider's `listModels()`, seen at `at`, as a source of the catalog. */
export function liveSource(provider: string, at: Date): Source {
  return { id: liveSourceId(provider), kind: 'live', title: `${provider} listModels() seen live`, version: null, asOf: at.toISOString(), url: null, licence: null };
}

/**
 * What a live listing says about one model: that it exists (so it is served: status active for a
 * model the catalog did not know), its name, limits and the capabilities the vendor reports. Fields
 * the vendor does not report stay as the catalog has them.
 */
export function liveModelFacts(info: ModelInfo, known: boolean): Facts {
  const facts: Facts = {
    id: true,
    displayName: info.displayName,
    'limits.context': info.contextWindow,
    'limits.output': info.maxOutputTokens,
    'capabilities.toolCalling': info.capabilities?.tools,
    'capabilities.structuredOutput': info.capabilities?.structuredOutput,
    'capabilities.reasoning': info.capabilities?.reasoning,
  };
  if (!known) facts['status.value'] = 'active';
  return facts;
}

/** `vision` from a listing as a change to the known input modalities (unknown modalities stay unknown). */
export function withVision(input: readonly string[] | null, vision: boolean | undefined): string[] | undefined {
  if (vision === undefined || input === null) return undefined;
  const rest = input.filter((m) => m !== 'image');
  return vision ? [...rest, 'image'] : rest;
}
