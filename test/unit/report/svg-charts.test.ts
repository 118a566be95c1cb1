import { describe, expect, it } from 'vitest';
import type { IntervalCounts } from '../../../harness/observe/observation.js';
import { renderSignatureChart } from '../../../harness/report/svg-signature-chart.js';
import { durationScale, linearScale, logScale, niceStep } from '../../../harness/report/svg-scale.js';
import { renderStatusChart } from '../../../harness/report/svg-status-chart.js';
import { renderLatencyChart, renderUpstreamTimingChart } from '../../../harness/report/svg-timing-charts.js';
import { makeTiming, NO_SAMPLES } from '../../fixtures/observation.js';

function attrs(svg: string, tag: string, cls: string): Record<string, string>[] {
  const pattern = new RegExp(`<${tag} class="${cls}"([^>]*)>`, 'g');
  return [...svg.matchAll(pattern)].map((m) => Object.fromEntries([...(m[1] ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}

describe('scales', () => {
  it('picks 1, 2, 2.5 or 5 × 10^n steps', () => {
    expect([niceStep(80, 4), niceStep(362, 4), niceStep(7, 4), niceStep(0, 4)]).toEqual([20, 100, 2, 1]);
  });

  it('ends a linear scale on a nice ceiling and places values proportionally', () => {
    const scale = linearScale(67, 200, 4);
    expect(scale.ticks.map((t) => t.value)).toEqual([0, 20, 40, 60, 80]);
    expect(scale.at(40)).toBe(100);
    expect(scale.at(1000)).toBe(200);
  });

  it('switches to decades when durations span more than 100×, zero sitting at the start', () => {
    expect(durationScale([1, 50], 100).log).toBe(false);
    const log = durationScale([0, 1, 300, 1200], 300);
    expect(log.log).toBe(true);
    expect(log.ticks.map((t) => t.value)).toEqual([1, 10, 100, 1000, 10000]);
    expect(log.at(0)).toBe(0);
    expect(log.at(100)).toBe(150);
    expect(logScale([5], 100).ticks.map((t) => t.value)).toEqual([1, 10]);
  });
});

describe('renderStatusChart', () => {
  const series: IntervalCounts[] = [
    { startMs: 0, statuses: { '200': 10 }, failed: 0 },
    { startMs: 2000, statuses: { '504': 30, '502': 10 }, failed: 5 },
  ];

  it('stacks one bar per status and interval, successes at the bottom, failed requests on top', () => {
    const svg = renderStatusChart({ series, intervalMs: 1000 });
    const bars = attrs(svg, 'rect', 'bar');
    expect(bars.map((b) => b['data-status'])).toEqual(['200', '502', '504', 'failed']);
    const [, bad, timeout, transport] = bars.map((b) => ({ y: Number(b.y), h: Number(b.height) }));
    expect(bad!.y).toBeGreaterThan(timeout!.y);
    expect(timeout!.y).toBeGreaterThan(transport!.y);
    expect(timeout!.h / bad!.h).toBeCloseTo(3, 1);
    expect(svg).toContain('<title>2s–3s: 504 × 30</title>');
    expect(svg).toContain('<ul class="legend">');
  });

  it('leaves a gap for an interval in which nothing ended', () => {
    const bars = attrs(renderStatusChart({ series, intervalMs: 1000 }), 'rect', 'bar');
    const slot = (Number(bars[1]!.x) - Number(bars[0]!.x)) / 2;
    expect(slot).toBeGreaterThan(Number(bars[0]!.width));
  });

  it('draws a vertical marker with its label at its moment, escaped', () => {
    const svg = renderStatusChart({ series, intervalMs: 1000, markers: [{ atMs: 1500, label: 'kill <app>' }] });
    expect(svg).toContain('<g class="marker"><title>1.5s: kill &lt;app&gt;</title>');
    const line = /<g class="marker">.*?<line x1="([\d.]+)" x2="([\d.]+)"/.exec(svg);
    const bars = attrs(svg, 'rect', 'bar');
    expect(Number(line?.[1])).toBeGreaterThan(Number(bars[0]!.x));
    expect(Number(line?.[1])).toBeLessThan(Number(bars[1]!.x));
  });

  it('widens the time axis to a marker after the last interval', () => {
    const svg = renderStatusChart({ series, intervalMs: 1000, markers: [{ atMs: 6000, label: 'restore' }] });
    expect(svg).toContain('>6s</text>');
  });

  it('says so when there is nothing to draw', () => {
    expect(renderStatusChart({ series: [], intervalMs: 1000 })).toContain('No responses were recorded.');
  });
});

describe('timing and signature charts', () => {
  it('draws five latency bars, the longest for max', () => {
    const bars = attrs(renderLatencyChart(makeTiming()), 'rect', 'latency-bar');
    expect(bars.map((b) => b['data-p'])).toEqual(['p50', 'p90', 'p95', 'p99', 'max']);
    const widths = bars.map((b) => Number(b.width));
    expect([...widths].sort((a, b) => a - b)).toEqual(widths);
    expect(renderLatencyChart(NO_SAMPLES)).toContain('No latency samples.');
  });

  it('draws five points per upstream timing row that has samples', () => {
    const svg = renderUpstreamTimingChart([
      { label: 'connect', timing: makeTiming({ p50Ms: 0, minMs: 0 }) },
      { label: 'header', timing: NO_SAMPLES },
    ]);
    expect(svg.split('class="point"').length - 1).toBe(5);
    expect(svg).toContain('no samples');
    expect(renderUpstreamTimingChart([{ label: 'x', timing: NO_SAMPLES }])).toContain('No upstream timings');
  });

  it('lists signatures largest first, unknown in its own color, with levels', () => {
    const svg = renderSignatureChart({ total: 13, signatureCounts: { unknown: 3, 'connect-refused': 10, zero: 0 }, levelCounts: { error: 12, warn: 1 }, lines: [] });
    expect(attrs(svg, 'rect', 'sig-bar').map((b) => b['data-signature'])).toEqual(['connect-refused', 'unknown']);
    expect(svg).toContain('unknown (no known signature)');
    expect(svg).toContain('<span class="pill bad">error 12</span> <span class="pill warn">warn 1</span>');
  });
});
