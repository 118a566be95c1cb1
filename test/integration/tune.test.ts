/**
 * tune for real, bounded by request count: a directive of a real config (../shared/realworld, read
 * from there, never copied) swept where it stands and recommended as a diff of that file; and the
 * upstream keepalive_timeout swept against a backend with a 2 s idle timeout, where the keep-alive
 * race shows at 3 s and is gone at 1.5 s, with intervals that do not overlap.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../../harness/tune/recommend.js';
import type { SweepPoint } from '../../harness/tune/sweep-point.js';
import { REALWORLD, REALWORLD_ABSENT } from '../support/realworld.js';
import { labelled, requireBuild, ROOT, runCli, tempDir } from './support.js';

const out = tempDir('badgateway-tune-');
const reportOf = (stdout: string) => JSON.parse(readFileSync(/report: (.+tune\.json)/.exec(stdout)![1]!, 'utf8')) as { points: SweepPoint[]; recommendation: Recommendation; diff?: string };

describe('badgateway tune', () => {
  it.skipIf(REALWORLD === undefined)(`sweeps a directive of a real config where it stands and prints the recommendation as a diff of that file ${REALWORLD ? '' : REALWORLD_ABSENT}`, async () => {
    requireBuild();
    const config = join(REALWORLD!, 'nginx-configs', 'sentry-self-hosted.conf');
    const before = readFileSync(config, 'utf8');
    const run = await runCli(['tune', '--nginx-config', config, '--sweep', 'location /: proxy_read_timeout=200ms,3s', '--backend-p50', '100ms', '--backend-p99', '1s', '--backend-timeout', '1s',
      '--budget', 'failed<=5%', '--requests', '80', '--connections', '16', '--duration', '1s', '--out', out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`tune: proxy_read_timeout in location / (${config}:96), added there`);
    const { points, recommendation, diff } = reportOf(run.stdout);
    expect(points.map((p) => [p.values.proxy_read_timeout, p.requests, p.result])).toEqual([['200ms', 80, 'fail'], ['3s', 80, 'pass']]);
    // a quarter of the requests take longer than 200 ms: their 504s put the whole interval above the budget
    expect(points[0]!.status504).toBe(points[0]!.failed);
    expect(points[0]!.failedInterval.lowPct).toBeGreaterThan(5);
    expect(points[1]!.failed).toBe(0);
    expect(recommendation.values).toEqual({ proxy_read_timeout: '3s' });
    // it rests on the p99 measured at 3 s (the backend's is 1 s) and the backend's own 1 s timeout
    const rule = recommendation.rules[0]!;
    expect(rule.measuredP99Ms).toBeGreaterThan(500);
    expect(rule.measuredP99Ms).toBeLessThan(2000);
    expect(rule.lowerMs).toBeGreaterThan(1000);
    expect(recommendation.text).toContain("above the backend's own timeout 1s");
    // the diff adds the value to that location of the user's file, and the file is left as it was
    expect(diff).toBe(`--- ${config}\n+++ ${config}\n@@ -94,6 +94,7 @@\n \t\t\tadd_header Access-Control-Allow-Origin *;\n \t\t}\n \t\tlocation / {\n+\t\t\tproxy_read_timeout 3s;\n \t\t\tproxy_pass http://sentry;\n \t\t}\n \t\tlocation /_assets/ {\n`);
    expect(run.stdout).toContain(diff);
    expect(readFileSync(config, 'utf8')).toBe(before);
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 120_000);

  it('keepalive_timeout against a backend that closes idle connections at 2 s: the race at 3 s, gone at 1.5 s, intervals apart', async () => {
    requireBuild();
    const run = await runCli(['tune', join(ROOT, 'tune', 'keepalive-idle-timeout.yaml'), '--sweep', 'keepalive_timeout=1500ms,3s', '--budget', '502<=5%', '--backend-idle-timeout', '2s', '--out', out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const { points, recommendation } = reportOf(run.stdout);
    const [below, above] = points;
    // 200 POSTs in four bursts of ~20 connections each; at 3 s nginx reuses the connections the
    // backend is closing: the first ~20 POSTs of bursts 2 to 4 fail (70 here on every run)
    expect(below).toMatchObject({ values: { keepalive_timeout: '1500ms' }, requests: 200, failed: 0, result: 'pass' });
    expect(above).toMatchObject({ values: { keepalive_timeout: '3s' }, requests: 200, result: 'fail' });
    expect(above!.failed).toBeGreaterThanOrEqual(40);
    expect(above!.status502).toBe(above!.failed);
    expect(above!.failedInterval.lowPct).toBeGreaterThan(below!.failedInterval.highPct);
    expect(recommendation.values).toEqual({ keepalive_timeout: '1500ms' });
    expect(recommendation.text).toContain("keepalive_timeout below the backend's idle timeout 2s");
    expect(run.stdout).toMatch(/3s\s+\|█+░*\s*\| \d+(\.\d+)?% \(95% CI [\d.]+%–[\d.]+%\) fail/);
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 120_000);

  it('refuses a context that does not fit the directive, saying where, before starting anything', async () => {
    requireBuild();
    const run = await runCli(['tune', '--nginx-config', join(ROOT, 'test', 'fixtures', 'user-config', 'full', 'nginx.conf'), '--sweep', 'http: keepalive_timeout=1s,2s']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--sweep http: keepalive_timeout=1s,2s: keepalive_timeout cannot stand in http \(.*nginx\.conf:\d+\); nginx takes it in upstream/);
  });
});
