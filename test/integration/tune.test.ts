/**
 * tune against a backend with a known p99 (800 ms): the recommended proxy_read_timeout lands
 * inside the rule (20–30% above the measured upstream p99), the measured p99 is the declared one,
 * and the 504 share does not rise as the timeout rises.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Recommendation, SweepPoint } from '../../harness/tune/recommend.js';
import { parseDurationMs } from '../../harness/scenario/units.js';
import { labelled, requireBuild, runCli } from './support.js';

const SWEEP = '200ms,400ms,600ms,800ms,900ms,950ms,1s,1050ms,1100ms,1150ms,1200ms,1600ms';
/** share points (percent) the 504 share may move back up between neighbours: the noise measured */
const NOISE = 1;

describe('badgateway tune', () => {
  it('recommends a proxy_read_timeout inside the rule for a backend with p99 800 ms', async () => {
    requireBuild();
    const out = mkdtempSync(join(tmpdir(), 'badgateway-tune-'));
    const run = await runCli(['tune', '--sweep', `proxy_read_timeout=${SWEEP}`, '--backend-p50', '200ms', '--backend-p99', '800ms', '--budget', '5xx<=1%', '--duration', '2s', '--connections', '16', '--out', out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(/report: (.+tune\.json)/.exec(run.stdout)![1]!, 'utf8')) as { points: SweepPoint[]; recommendation: Recommendation };
    const { points, recommendation } = report;
    expect(points).toHaveLength(12);

    // the p99 it rests on is the backend's declared one
    expect(recommendation.rule!.measuredP99Ms).toBeGreaterThan(800 * 0.85);
    expect(recommendation.rule!.measuredP99Ms).toBeLessThan(800 * 1.15);
    // the recommendation lands inside the rule
    const chosenMs = parseDurationMs(recommendation.value!)!;
    expect(chosenMs).toBeGreaterThanOrEqual(recommendation.rule!.lowerMs);
    expect(chosenMs).toBeLessThanOrEqual(recommendation.rule!.upperMs);
    // a timeout far below the latency fails, one far above does not
    expect(points[0]!.share504).toBeGreaterThan(30);
    expect(points.at(-1)!.share504).toBeLessThan(1);
    // the 504 share does not rise as the timeout rises (within the noise)
    for (let i = 1; i < points.length; i++) expect(points[i]!.share504, `${points[i]!.values.proxy_read_timeout}`).toBeLessThanOrEqual(points[i - 1]!.share504 + NOISE);
    expect(run.stdout).toContain('5xx share against proxy_read_timeout');
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 180_000);
});
