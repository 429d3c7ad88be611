import { createRequire } from 'node:module';

/**
 * The few functions of jstat (https://github.com/jstat/jstat, MIT) this package uses. jstat is a
 * UMD package without types, so it is loaded with `require` and given this shape here (one file, so
 * that a program compiling these sources through the `@llm/source` condition needs no ambient
 * declaration).
 */
interface JStat {
  normal: { pdf(x: number, mean: number, sd: number): number; cdf(x: number, mean: number, sd: number): number; inv(p: number, mean: number, sd: number): number };
  studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
  chisquare: { cdf(x: number, dof: number): number };
  beta: { pdf(x: number, alpha: number, beta: number): number };
}

const require = createRequire(import.meta.url);
const { jStat } = require('jstat') as { jStat: JStat };

/** Standard normal distribution function Φ(z). */
export const normalCdf = (z: number): number => jStat.normal.cdf(z, 0, 1);
/** Its inverse, Φ⁻¹(p). */
export const normalQuantile = (p: number): number => jStat.normal.inv(p, 0, 1);
/** The density of N(mean, sd²). */
export const normalPdf = (x: number, mean: number, sd: number): number => jStat.normal.pdf(x, mean, sd);
/** The density of Beta(α, β). */
export const betaPdf = (x: number, alpha: number, beta: number): number => jStat.beta.pdf(x, alpha, beta);
/** Student's t distribution function with `dof` degrees of freedom (need not be whole). */
export const studentTCdf = (t: number, dof: number): number => jStat.studentt.cdf(t, dof);
export const studentTQuantile = (p: number, dof: number): number => jStat.studentt.inv(p, dof);
/** χ² distribution function. */
export const chiSquareCdf = (x: number, dof: number): number => jStat.chisquare.cdf(x, dof);

/** Two-sided p-value of a standard normal statistic. */
export const twoSidedNormalP = (z: number): number => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
