// The part of jstat (https://github.com/jstat/jstat, MIT) this package uses; jstat ships no types.
declare module 'jstat' {
  interface Jstat {
    normal: { pdf(x: number, mean: number, std: number): number; cdf(x: number, mean: number, std: number): number; inv(p: number, mean: number, std: number): number };
    beta: { pdf(x: number, alpha: number, beta: number): number };
    studentt: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
    chisquare: { cdf(x: number, dof: number): number };
  }
  const jStat: Jstat;
  export default jStat;
}
