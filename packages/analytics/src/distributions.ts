import { createRequire } from 'node:module';

/**
 * The few functions of jstat this package uses. jstat is a UMD package without types, so it is
 * loaded with `require` and given this shape here (one file, so that a program compiling these
 * sources through the `@llm/source` condition needs no ambient declaration).
 */
interface JStat {
  ibeta(x: number, a: number, b: number): number;
  normal: { cdf(x: number, mean: number, sd: number): number };
  studentt: { inv(p: number, dof: number): number };
}

const require = createRequire(import.meta.url);
const { jStat } = require('jstat') as { jStat: JStat };

/** The regularized incomplete beta function I_x(a, b). */
export const incompleteBeta = (x: number, a: number, b: number): number => jStat.ibeta(x, a, b);

/** The standard normal CDF. */
export const normalCdf = (z: number): number => jStat.normal.cdf(z, 0, 1);

/** The quantile of Student's t with `dof` degrees of freedom. */
export const studentTQuantile = (p: number, dof: number): number => jStat.studentt.inv(p, dof);
