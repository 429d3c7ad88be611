import type { CostExplanation, CostPart } from './anomaly.js';
import { emptyPriced, type PricedParts } from './rollup.js';

const PARTS = [
  { part: 'input', tokens: 'inputTokens', usd: 'inputUsd' },
  { part: 'cached input', tokens: 'cachedTokens', usd: 'cachedUsd' },
  { part: 'output', tokens: 'outputTokens', usd: 'outputUsd' },
  { part: 'reasoning', tokens: 'reasoningTokens', usd: 'reasoningUsd' },
] as const;

export function sumPriced(parts: readonly PricedParts[]): PricedParts {
  const out = emptyPriced();
  for (const p of parts) for (const key of Object.keys(out) as Array<keyof PricedParts>) out[key] += p[key];
  return out;
}

/**
 * Splits a change in cost per call into a price effect and a token-mix effect, part by part
 * (uncached input, cached input, output, reasoning; fees and vendor totals without parts as
 * "other"). With q the tokens per call and p the USD per token of a part, before (0) and during
 * (1): p1 q1 - p0 q0 = (p1 - p0)(q0 + q1)/2 + (q1 - q0)(p0 + p1)/2 exactly, so the two effects add
 * up to the change. A part with no tokens in one period takes the other period's price.
 */
export function explainCostChange(before: PricedParts, during: PricedParts): CostExplanation {
  const perCall = (p: PricedParts, v: number) => (p.calls > 0 ? v / p.calls : 0);
  const parts: CostPart[] = PARTS.map(({ part, tokens, usd }) => {
    const q0 = perCall(before, before[tokens]);
    const q1 = perCall(during, during[tokens]);
    let p0 = before[tokens] > 0 ? before[usd] / before[tokens] : undefined;
    let p1 = during[tokens] > 0 ? during[usd] / during[tokens] : undefined;
    p0 ??= p1 ?? 0;
    p1 ??= p0;
    return {
      part,
      baselineTokensPerCall: q0,
      observedTokensPerCall: q1,
      baselinePrice: p0 * 1e6,
      observedPrice: p1 * 1e6,
      priceEffect: ((p1 - p0) * (q0 + q1)) / 2,
      mixEffect: ((q1 - q0) * (p0 + p1)) / 2,
    };
  });
  const other0 = perCall(before, before.otherUsd);
  const other1 = perCall(during, during.otherUsd);
  parts.push({ part: 'other', baselineTokensPerCall: 0, observedTokensPerCall: 0, baselinePrice: 0, observedPrice: 0, priceEffect: other1 - other0, mixEffect: 0 });
  const total = (p: PricedParts) => perCall(p, p.inputUsd + p.cachedUsd + p.outputUsd + p.reasoningUsd + p.otherUsd);
  const priceEffect = parts.reduce((s, p) => s + p.priceEffect, 0);
  const mixEffect = parts.reduce((s, p) => s + p.mixEffect, 0);
  const size = Math.abs(priceEffect) + Math.abs(mixEffect);
  const cause = size === 0 ? 'both' : Math.abs(priceEffect) >= (2 / 3) * size ? 'price' : Math.abs(mixEffect) >= (2 / 3) * size ? 'token mix' : 'both';
  return { baselinePerCall: total(before), observedPerCall: total(during), priceEffect, mixEffect, cause, parts };
}
