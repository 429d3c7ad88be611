import { html, type SafeHtml } from '@llm/html';

export interface IntervalRow {
  readonly label: string;
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  /** Drawn in the accent colour (a significant difference, the winner). */
  readonly highlight?: boolean | undefined;
}

export interface IntervalChartOptions {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly axisLabel: string;
  readonly rows: readonly IntervalRow[];
  /** A vertical reference line (0 for differences). */
  readonly reference?: number | undefined;
  readonly format: (value: number) => string;
}

const WIDTH = 760;
const ROW = 30;
const LEFT = 190;
const RIGHT = 210;
const TOP = 12;
const BOTTOM = 44;
const LABEL_CHARS = 26;

/** Four to eight round tick values (1, 2 or 5 times a power of ten apart) within [min, max]. */
export function niceTicks(min: number, max: number): number[] {
  const raw = (max - min) / 8;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return ticks;
}

/** The drawn range: every interval and the reference, with a margin; never empty. */
function domain(rows: readonly IntervalRow[], reference: number | undefined): [number, number] {
  const values = rows.flatMap((r) => [r.low, r.high, r.estimate]).concat(reference === undefined ? [] : [reference]).filter(Number.isFinite);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (!(max > min)) {
    const pad = Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
  }
  const margin = (max - min) * 0.05;
  return [min - margin, max + margin];
}

const short = (label: string): string => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/**
 * A forest plot as inline SVG markup: one row per estimate with its interval, a reference line,
 * and the value written beside each row. Labels are escaped text (long ones shortened on the
 * chart, whole in the row's tooltip); the same numbers are in the report's tables.
 */
export function intervalChart(options: IntervalChartOptions): SafeHtml {
  const { rows, reference, format } = options;
  const height = TOP + rows.length * ROW + BOTTOM;
  const [min, max] = domain(rows, reference);
  const x = (v: number): number => Number((LEFT + ((v - min) / (max - min)) * (WIDTH - LEFT - RIGHT)).toFixed(2));
  const bottom = TOP + rows.length * ROW;
  const ticks = niceTicks(min, max);
  const finite = (r: IntervalRow) => Number.isFinite(r.low) && Number.isFinite(r.high) && Number.isFinite(r.estimate);
  return html`<svg class="interval-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${options.id}-t ${options.id}-d">
<title id="${options.id}-t">${options.title}</title>
<desc id="${options.id}-d">${options.description}</desc>
${ticks.map((t) => html`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${TOP}" y2="${bottom}"></line><text class="tick" x="${x(t)}" y="${bottom + 16}" text-anchor="middle">${format(t)}</text>`)}
${reference === undefined ? '' : html`<line class="reference" x1="${x(reference)}" x2="${x(reference)}" y1="${TOP - 4}" y2="${bottom}"></line>`}
<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${bottom}" y2="${bottom}"></line>
<text class="axis-label" x="${(LEFT + WIDTH - RIGHT) / 2}" y="${bottom + 36}" text-anchor="middle">${options.axisLabel}</text>
${rows.map((r, i) => {
  const y = TOP + i * ROW + ROW / 2;
  return html`<g class="row${r.highlight ? ' highlight' : ''}"><title>${r.label}: ${format(r.estimate)} [${format(r.low)}, ${format(r.high)}]</title>
<text class="label" x="${LEFT - 10}" y="${y + 4}" text-anchor="end">${short(r.label)}</text>
${finite(r) ? html`<line class="interval" x1="${x(r.low)}" x2="${x(r.high)}" y1="${y}" y2="${y}"></line><circle class="estimate" cx="${x(r.estimate)}" cy="${y}" r="5"></circle>` : ''}
<text class="value" x="${WIDTH - RIGHT + 10}" y="${y + 4}">${format(r.estimate)} [${format(r.low)}, ${format(r.high)}]</text></g>`;
})}
</svg>`;
}
