import { median, quantile, type ContenderResult } from './cpu.js';

/** Ours/raw: the median over rounds of the ratio of blocks measured side by side in the same round. */
export function pairedRatio(ours: ContenderResult, raw: ContenderResult): number {
  return median(pairedRatios(ours, raw));
}

function pairedRatios(ours: ContenderResult, raw: ContenderResult): number[] {
  return ours.rounds.map((value, i) => value / raw.rounds[i]!);
}

/** The middle half of the same-round ratios, `0.97–1.12`: how far to trust the median. */
export function ratioSpread(ours: ContenderResult, raw: ContenderResult): string {
  const ratios = pairedRatios(ours, raw);
  return `${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)}`;
}

export function verdict(ratio: number, target: number | undefined): string {
  if (target === undefined) return '';
  return ratio <= target ? `PASS (<= ${target.toFixed(2)})` : `FAIL (> ${target.toFixed(2)})`;
}
