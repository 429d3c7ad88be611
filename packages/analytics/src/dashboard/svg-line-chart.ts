import { html, type SafeHtml } from '@llm/html';
import type { Severity } from '../anomaly.js';

/** One line of a chart: a value per bucket start (undefined: no value in that bucket, a gap). */
export interface ChartLine {
  label: string;
  points: ReadonlyArray<{ t: number; value: number | undefined }>;
}

/** A marked stretch of time (an anomaly's episode), shaded by severity, its label as a tooltip. */
export interface ChartBand {
  start: number;
  end: number;
  severity: Severity;
  label: string;
}

export interface LineChartOptions {
  /** Unique in the page (the title's and description's ids derive from it). */
  id: string;
  title: string;
  description: string;
  /** The window the x axis spans, and the bucket width (points further apart than this are not joined). */
  from: number;
  to: number;
  stepMs: number;
  lines: readonly ChartLine[];
  bands?: readonly ChartBand[];
  /** Formats the y axis' ticks and the points' tooltips. */
  format: (value: number) => string;
}

const WIDTH = 420;
const HEIGHT = 200;
const M = { top: 24, right: 22, bottom: 26, left: 56 };
const TIME_STEPS = [5, 15, 30, 60, 180, 360, 720, 1440, 2880, 10_080, 20_160, 43_200].map((m) => m * 60_000);

/** A step of 1, 2 or 5 times a power of ten that covers `span` in about `count` steps. */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A UTC time tick: the date at midnight or with day-wide steps, else the hour and minute. */
function timeLabel(t: number, stepMs: number): string {
  const d = new Date(t);
  const date = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return stepMs >= 86_400_000 || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0) ? date : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * A line chart as inline SVG markup (no script, no style attribute: colours come from the page's
 * style sheet through classes `line-0`...`line-5` and `band-<severity>`). Every text goes through
 * `html`, so labels from the data (model names, tag values) stay text. An image to the
 * accessibility tree: `role="img"` with its title and description.
 */
export function svgLineChart(o: LineChartOptions): SafeHtml {
  const w = WIDTH - M.left - M.right;
  const h = HEIGHT - M.top - M.bottom;
  const span = Math.max(o.to - o.from, 1);
  const x = (t: number): number => M.left + ((t - o.from) / span) * w;
  const values = o.lines.flatMap((l) => l.points.map((p) => p.value)).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const max = Math.max(0, ...values);
  const yStep = niceStep(max > 0 ? max : 1, 4);
  const yMax = Math.max(yStep, Math.ceil(max / yStep) * yStep);
  const y = (v: number): number => M.top + h - (v / yMax) * h;
  const f1 = (v: number): string => v.toFixed(1);

  const yTicks = Array.from({ length: Math.round(yMax / yStep) + 1 }, (_, i) => i * yStep);
  const tStep = TIME_STEPS.find((s) => span / s <= 6) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
  const xTicks: number[] = [];
  for (let t = Math.ceil(o.from / tStep) * tStep; t <= o.to; t += tStep) xTicks.push(t);

  const bands = (o.bands ?? []).map((b) => {
    const x0 = x(Math.max(b.start, o.from));
    const x1 = x(Math.min(b.end + o.stepMs, o.to));
    return html`<rect class="band band-${b.severity}" x="${f1(x0)}" y="${M.top}" width="${f1(Math.max(x1 - x0, 2))}" height="${h}"><title>${b.label}</title></rect>`;
  });

  const lines = o.lines.map((line, i) => {
    let d = '';
    let prev: number | undefined;
    const singles: Array<{ t: number; v: number }> = [];
    const pts = line.points.filter((p): p is { t: number; value: number } => p.value !== undefined && Number.isFinite(p.value));
    pts.forEach((p, k) => {
      const joined = prev !== undefined && p.t - prev <= o.stepMs;
      d += `${joined ? 'L' : 'M'}${f1(x(p.t))} ${f1(y(p.value))}`;
      const next = pts[k + 1];
      if (!joined && (next === undefined || next.t - p.t > o.stepMs)) singles.push({ t: p.t, v: p.value });
      prev = p.t;
    });
    const cls = `line-${i % 6}`;
    return html`<g class="series ${cls}" data-label="${line.label}">${d ? html`<path d="${d}" fill="none"><title>${line.label}</title></path>` : ''}${singles.map(
      (s) => html`<circle cx="${f1(x(s.t))}" cy="${f1(y(s.v))}" r="2.5"><title>${line.label}: ${o.format(s.v)}</title></circle>`,
    )}</g>`;
  });

  const legend = o.lines.map((line, i) => {
    const lx = M.left + i * 110;
    return html`<g class="legend-item line-${i % 6}"><line x1="${lx}" y1="10" x2="${lx + 14}" y2="10"></line><text x="${lx + 18}" y="14">${line.label}</text></g>`;
  });

  return html`<svg class="chart line-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${o.id}-t ${o.id}-d">
<title id="${o.id}-t">${o.title}</title><desc id="${o.id}-d">${o.description}</desc>
${bands}
${yTicks.map((v) => html`<line class="grid" x1="${M.left}" x2="${M.left + w}" y1="${f1(y(v))}" y2="${f1(y(v))}"></line><text class="tick" x="${M.left - 4}" y="${f1(y(v) + 4)}" text-anchor="end">${o.format(v)}</text>`)}
${xTicks.map((t) => html`<text class="tick" x="${f1(x(t))}" y="${HEIGHT - 8}" text-anchor="middle">${timeLabel(t, tStep)}</text>`)}
<line class="axis" x1="${M.left}" x2="${M.left + w}" y1="${M.top + h}" y2="${M.top + h}"></line>
${lines}
${values.length === 0 ? html`<text class="chart-empty" x="${M.left + w / 2}" y="${M.top + h / 2}" text-anchor="middle">no value in this window</text>` : ''}
${legend}
</svg>`;
}
