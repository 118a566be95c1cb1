import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../../../harness/cli/progress.js';
import type { LoadProgress } from '../../../harness/load/load-driver.js';

const progress = (p: Partial<LoadProgress> = {}): LoadProgress => ({ elapsedMs: 2300, plannedMs: 3000, responses: 953, statusCounts: { '200': 950, '504': 3 }, failed: 0, ...p });

describe('progressLine', () => {
  it('shows the label, elapsed of planned time, the rate so far and counts by status', () => {
    expect(progressLine('[2/6] slow / tuned', progress())).toBe('[2/6] slow / tuned  2.3s/3.0s  414 req/s  200×950 504×3');
  });

  it('counts failed requests in the rate and shows them last', () => {
    expect(progressLine('[1/1] x / y', progress({ elapsedMs: 1000, responses: 10, statusCounts: { '502': 10 }, failed: 5 }))).toBe(
      '[1/1] x / y  1.0s/3.0s  15 req/s  502×10 failed×5',
    );
  });

  it('shows only the elapsed time without a planned one (a load bounded by requests)', () => {
    const { plannedMs: _ignored, ...unplanned } = progress();
    expect(progressLine('[1/1] x / y', unplanned)).toBe('[1/1] x / y  2.3s  414 req/s  200×950 504×3');
  });

  it('says 0 req/s before any time has passed, with nothing counted yet', () => {
    expect(progressLine('[1/1] x / y', progress({ elapsedMs: 0, responses: 0, statusCounts: {} }))).toBe('[1/1] x / y  0.0s/3.0s  0 req/s  ');
  });

  it('rounds the rate and the seconds', () => {
    expect(progressLine('l', progress({ elapsedMs: 1549, plannedMs: 10_000, responses: 1, statusCounts: { '200': 1 } }))).toBe('l  1.5s/10.0s  1 req/s  200×1');
  });
});

function stream(isTTY: boolean): { out: PassThrough & { isTTY?: boolean }; written: () => string } {
  const out: PassThrough & { isTTY?: boolean } = new PassThrough();
  out.isTTY = isTTY;
  const chunks: string[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { out, written: () => chunks.join('') };
}

describe('createProgress', () => {
  it('on a terminal, redraws one live line and clears it when the variant ends', async () => {
    const { out, written } = stream(true);
    const p = createProgress(out, 2);
    p.variantStarted('slow / tuned');
    p.load(progress());
    p.variantEnded();
    p.variantEnded();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('[1/2] slow / tuned: starting…\r\x1b[2K[1/2] slow / tuned  2.3s/3.0s  414 req/s  200×950 504×3\r\x1b[2K');
  });

  it('elsewhere (CI logs), writes one plain line per variant and nothing while the load runs', async () => {
    const { out, written } = stream(false);
    const p = createProgress(out, 2);
    p.variantStarted('slow / broken');
    p.load(progress());
    p.variantEnded();
    p.variantStarted('slow / tuned');
    p.variantEnded();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('[1/2] slow / broken: running\n[2/2] slow / tuned: running\n');
  });

  it('on a terminal with several variants at once (--jobs), writes plain lines: one live line cannot show two loads', async () => {
    const { out, written } = stream(true);
    const p = createProgress(out, 2, false);
    p.variantStarted('a / one');
    p.variantStarted('b / one');
    p.load(progress());
    p.variantEnded();
    p.variantEnded();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written()).toBe('[1/2] a / one: running\n[2/2] b / one: running\n');
  });
});
