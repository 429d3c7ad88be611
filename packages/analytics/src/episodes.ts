import type { Flag } from './anomaly.js';

export interface Episode {
  flags: Flag[];
  /** The flag with the highest confidence (ties: the largest observed/baseline). */
  peak: Flag;
}

/**
 * Groups flagged points into episodes: a run of flags, with up to `gap` unflagged points between
 * two flags bridged (a level shift that dips once is one episode, not two).
 */
export function episodes(flags: readonly Flag[], gap: number): Episode[] {
  const out: Episode[] = [];
  let current: Flag[] = [];
  const close = () => {
    if (current.length === 0) return;
    const peak = current.reduce((a, b) => (b.confidence > a.confidence || (b.confidence === a.confidence && b.observed / (b.baseline || 1) > a.observed / (a.baseline || 1)) ? b : a));
    out.push({ flags: current, peak });
    current = [];
  };
  for (const flag of [...flags].sort((a, b) => a.index - b.index)) {
    const last = current[current.length - 1];
    if (last && flag.index - last.index > gap + 1) close();
    current.push(flag);
  }
  close();
  return out;
}
