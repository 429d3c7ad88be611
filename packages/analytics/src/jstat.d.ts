// The few functions of jstat (a CommonJS/UMD package without types) that this package uses.
declare module 'jstat' {
  interface JStat {
    /** The regularized incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    normal: { cdf(x: number, mean: number, sd: number): number; inv(p: number, mean: number, sd: number): number };
    studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
  }
  const jstat: { jStat: JStat };
  export default jstat;
}
