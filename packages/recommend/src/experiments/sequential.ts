/**
 * The mixture sequential probability ratio test (mSPRT) of Johari, Pekelis and Walsh ("Always Valid
 * Inference", 2017), as Optimizely's stats engine uses it: an always-valid p-value for the
 * difference of two means (rates included), so the results may be looked at after every unit
 * without raising the false-positive rate above alpha.
 *
 * With n units per arm, observed difference θ̂ = mean_b − mean_a, per-pair variance
 * σ² = var_a + var_b and a normal mixing distribution N(0, τ²) over the true difference:
 *
 *   Λₙ = √(σ² / (σ² + nτ²)) · exp( n²τ²θ̂² / (2σ²(σ² + nτ²)) ),  pₙ = min(pₙ₋₁, 1/Λₙ).
 *
 * With arms of unequal size the same formula is written with V = var_a/n_a + var_b/n_b, the variance
 * of θ̂ (V = σ²/n when both arms have n): Λ = √(V / (V + τ²)) · exp( τ²θ̂² / (2V(V + τ²)) ).
 */
export interface SequentialState {
  /** The running always-valid p-value (starts at 1, never rises). */
  readonly p: number;
}

export const SEQUENTIAL_START: SequentialState = Object.freeze({ p: 1 });

/** The likelihood ratio Λ for an observed difference whose variance is `v` (see above). */
export function mixtureLikelihoodRatio(difference: number, v: number, tau2: number): number {
  if (!(v > 0)) return 1;
  return Math.sqrt(v / (v + tau2)) * Math.exp((tau2 * difference * difference) / (2 * v * (v + tau2)));
}

/** One look: the always-valid p-value after this one. */
export function sequentialUpdate(state: SequentialState, difference: number, v: number, tau2: number): SequentialState {
  return { p: Math.min(state.p, 1 / mixtureLikelihoodRatio(difference, v, tau2)) };
}

/** Running mean and variance (Welford). */
class Running {
  n = 0;
  mean = 0;
  m2 = 0;
  add(x: number): void {
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : 0;
  }
}

/**
 * The always-valid p-value after replaying the units in the order they came (`arm` 0 = a, 1 = b),
 * looking after every unit once both arms have two: the minimum of 1/Λ over all looks.
 */
export function alwaysValidP(units: ReadonlyArray<{ readonly arm: 0 | 1; readonly value: number }>, tau2: number): number {
  const arms = [new Running(), new Running()] as const;
  let state = SEQUENTIAL_START;
  for (const unit of units) {
    arms[unit.arm].add(unit.value);
    const [a, b] = arms;
    if (a.n < 2 || b.n < 2) continue;
    state = sequentialUpdate(state, b.mean - a.mean, a.variance / a.n + b.variance / b.n, tau2);
  }
  return state.p;
}
