import jStat from 'jstat';

/** Standard normal distribution function Φ(z). */
export const normalCdf = (z: number): number => jStat.normal.cdf(z, 0, 1);
/** Its inverse, Φ⁻¹(p). */
export const normalQuantile = (p: number): number => jStat.normal.inv(p, 0, 1);
/** Student's t distribution function with `dof` degrees of freedom (need not be whole). */
export const studentTCdf = (t: number, dof: number): number => jStat.studentt.cdf(t, dof);
export const studentTQuantile = (p: number, dof: number): number => jStat.studentt.inv(p, dof);
/** χ² distribution function. */
export const chiSquareCdf = (x: number, dof: number): number => jStat.chisquare.cdf(x, dof);

/** Two-sided p-value of a standard normal statistic. */
export const twoSidedNormalP = (z: number): number => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
