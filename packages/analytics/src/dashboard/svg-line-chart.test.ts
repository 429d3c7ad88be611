import { describe, expect, it } from 'vitest';
import { svgLineChart } from './svg-line-chart.js';

const STEP = 60_000;
/** The coordinates of a path's commands: [command, x, y]. */
const commands = (d: string): Array<[string, number, number]> => [...d.matchAll(/([ML])([\d.]+) ([\d.]+)/g)].map((m) => [m[1]!, Number(m[2]), Number(m[3])]);

describe('svgLineChart', () => {
  const markup = svgLineChart({
    id: 'c1',
    title: 'Latency of <b>x</b>',
    description: 'test',
    from: 0,
    to: 10 * STEP,
    stepMs: STEP,
    // Buckets 0-2 joined, 3 has no value, 4-5 joined, 7 alone (6 has no calls at all).
    lines: [{ label: 'p50 <i>', points: [0, 1, 2, 3, 4, 5, 7].map((i) => ({ t: i * STEP, value: i === 3 ? undefined : i === 1 ? 200 : 100 })) }],
    bands: [{ start: 4 * STEP, end: 5 * STEP, severity: 'critical', label: 'spike "&" <script>' }],
    format: (v) => `${v} ms`,
  }).value;

  it('joins neighbouring buckets, breaks the line at a missing value or bucket, and marks a lone point', () => {
    const d = /<path d="([^"]*)"/.exec(markup)![1]!;
    const cmds = commands(d);
    expect(cmds.map((c) => c[0]).join('')).toBe('MLLMLM');
    // Equal values at the same height, the larger value higher up (smaller y), x increasing with time at a constant rate.
    expect(cmds[0]![2]).toBe(cmds[2]![2]);
    expect(cmds[1]![2]).toBeLessThan(cmds[0]![2]);
    const dx = cmds[1]![1] - cmds[0]![1];
    expect(cmds[3]![1] - cmds[0]![1]).toBeCloseTo(4 * dx, 0);
    // The lone point (bucket 7) is also drawn as a dot, at the same place as its move.
    const circle = /<circle cx="([\d.]+)" cy="([\d.]+)"/.exec(markup)!;
    expect([Number(circle[1]), Number(circle[2])]).toEqual([cmds[5]![1], cmds[5]![2]]);
  });

  it('shades a band from its first bucket to the end of its last, and every label stays text', () => {
    const d = /<path d="([^"]*)"/.exec(markup)![1]!;
    const cmds = commands(d);
    const rect = /<rect class="band band-critical" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(markup)!;
    expect(Number(rect[1])).toBeCloseTo(cmds[3]![1], 0); // bucket 4
    const dx = cmds[1]![1] - cmds[0]![1];
    expect(Number(rect[2])).toBeCloseTo(2 * dx, 0); // buckets 4 and 5
    expect(markup).toContain('<title id="c1-t">Latency of &lt;b&gt;x&lt;/b&gt;</title>');
    expect(markup).toContain('spike &quot;&amp;&quot; &lt;script&gt;');
    expect(markup).toContain('p50 &lt;i&gt;');
    expect(markup).not.toMatch(/<(b|i|script)>/);
  });

  it('says so when no bucket has a value', () => {
    const empty = svgLineChart({ id: 'c2', title: 't', description: 'd', from: 0, to: STEP, stepMs: STEP, lines: [{ label: 'a', points: [{ t: 0, value: undefined }] }], format: String }).value;
    expect(empty).toContain('no value in this window');
    expect(empty).not.toContain('<path');
  });
});
