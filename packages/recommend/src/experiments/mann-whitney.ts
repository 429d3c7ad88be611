import { twoSidedNormalP } from './distributions.js';

export interface MannWhitneyTest {
  /** U of sample b (the number of pairs in which b's value is the larger, ties counting half). */
  readonly u: number;
  readonly z: number;
  readonly p: number;
  /** P(B > A) + ½P(B = A): the common-language effect size (0.5 = no difference). */
  readonly probabilityBGreater: number;
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum) of b against a, by the normal approximation with the tie
 * correction and a continuity correction (as SciPy's `mannwhitneyu(..., method="asymptotic")`). For
 * latencies and costs, whose distributions are skewed and long-tailed.
 */
export function mannWhitneyTest(a: readonly number[], b: readonly number[]): MannWhitneyTest {
  const n1 = a.length;
  const n2 = b.length;
  const all = [...a.map((v) => ({ v, b: false })), ...b.map((v) => ({ v, b: true }))].sort((x, y) => x.v - y.v);
  const n = all.length;
  let rankSumB = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2;
    const t = j - i + 1;
    tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k]!.b) rankSumB += rank;
    i = j + 1;
  }
  const u = rankSumB - (n2 * (n2 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const z = variance === 0 ? 0 : (u - mean - 0.5 * Math.sign(u - mean)) / Math.sqrt(variance);
  return { u, z, p: variance === 0 ? 1 : twoSidedNormalP(z), probabilityBGreater: u / (n1 * n2) };
}
