/**
 * nginx writes error-log times in its local time zone, without the zone. An nginx image built with
 * TZ set (here UTC+9, a POSIX zone that needs no zone files) must not shift the error-log series:
 * every line's second falls within the load, as it does with UTC.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../harness/api/run-scenario.js';
import { docker, requireBuild, ROOT } from './support.js';

const TZ_IMAGE = 'badgateway-test/nginx-tz:utc-plus-9';

beforeAll(() => {
  requireBuild();
  const nginx = (JSON.parse(readFileSync(join(ROOT, '.badgateway', 'images.json'), 'utf8')) as { nginx: string }).nginx;
  // An image like a team's own: the same nginx, its time zone set.
  execFileSync('docker', ['build', '-q', '-t', TZ_IMAGE, '-'], { input: `FROM ${nginx}\nENV TZ=XYZ-9\n`, stdio: ['pipe', 'ignore', 'inherit'] });
});
afterAll(async () => {
  await docker.getImage(TZ_IMAGE).remove({ force: true }).catch(() => undefined);
});

describe('error-log times with an nginx image whose TZ is not UTC', () => {
  it('the image does log in UTC+9 on its own, and the series still falls within the load', async () => {
    expect(execFileSync('docker', ['run', '--rm', '--entrypoint', 'date', TZ_IMAGE, '+%z'], { encoding: 'utf8' }).trim()).toBe('+0900');
    const run = await runScenario({
      name: 'clock-tz',
      summary: 'Every request times out: one error-log line each, stamped by nginx.',
      backends: [{ name: 'app', behavior: { kind: 'slow', delay: '300ms' } }],
      nginx: { params: { proxy_read_timeout: '100ms' } },
      load: { connections: 4, requests: 40 },
      variants: [{ name: 'timeouts', expect: { status: { '504': '100%' }, error_log: { 'upstream-timed-out-reading-header': '>= 40' } } }],
    }, { images: { nginx: TZ_IMAGE } });
    const obs = run.results[0]!.observation!;
    expect(run.results[0]!.outcome, JSON.stringify(run.results[0]!.verdicts)).toBe('passed');
    const series = obs.errorLog.series ?? [];
    expect(series.reduce((n, i) => n + (i.signatures['upstream-timed-out-reading-header'] ?? 0), 0)).toBeGreaterThanOrEqual(40);
    const loadMs = obs.timings.loadMs;
    // whole seconds as nginx logged them: within a second of the load's start and end; a 9 h shift is 32,400,000 ms
    for (const interval of series) {
      expect(interval.startMs).toBeGreaterThanOrEqual(-1000);
      expect(interval.startMs).toBeLessThanOrEqual(loadMs + 1000);
    }
  }, 60_000);
});
