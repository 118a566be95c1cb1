/**
 * The gate on real configs of other projects (../shared/realworld/nginx-configs, read from there,
 * never copied): each runs as it is and gets a verdict per failure mode. Two fast modes per config
 * keep this short; the whole catalog on each is a manual run (docs/ci.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REALWORLD, REALWORLD_ABSENT } from '../support/realworld.js';
import { labelled, requireBuild, runCli, tempDir } from './support.js';

const out = tempDir('badgateway-gate-realworld-');
const CONFIGS = ['gunicorn.conf', 'unicorn.conf', 'sentry-self-hosted.conf', 'lemmy-docker.conf'];
const MODES = ['slow-backend-read-timeout', 'non-http-response'];

describe.skipIf(REALWORLD === undefined)(`gate on real configs ${REALWORLD === undefined ? `(${REALWORLD_ABSENT})` : ''}`, () => {
  it.each(CONFIGS)('%s: runs as it is, a verdict per mode, exit 0 or 1', async (name) => {
    requireBuild();
    const config = join(REALWORLD!, 'nginx-configs', name);
    const run = await runCli(['gate', '--nginx-config', config, '--budget', 'failed<=10%', ...MODES.flatMap((m) => ['--scenario', m]), '--out', out, '--format', 'json'], { CI: 'true' });
    expect([0, 1], `${run.stdout}\n${run.stderr}`).toContain(run.code);
    const path = /report: (.+report\.json)/.exec(run.stdout)![1]!;
    const report = JSON.parse(readFileSync(path, 'utf8')) as { gate: { modes: { scenario: string; verdict: string; reason: string }[] } };
    const verdicts = Object.fromEntries(report.gate.modes.map((m) => [m.scenario, m.verdict]));
    // A backend that answers in 600 ms is handled by every one of these configs (their timeouts are 60 s or 90 s).
    expect(verdicts, JSON.stringify(report.gate.modes)).toEqual({ 'slow-backend-read-timeout': 'handled', 'non-http-response': 'not-fixable-in-nginx' });
    // and not one request of the non-HTTP mode counts as answered
    expect(report.gate.modes.find((m) => m.scenario === 'non-http-response')!.reason).toMatch(/measured 100% \(\d+ of \d+\)/);
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 120_000);

  it('nextcloud-fpm.conf: passes FastCGI only, so the fake backends speak FastCGI; a verdict per mode, exit 0 or 1', async () => {
    requireBuild();
    const config = join(REALWORLD!, 'nginx-configs', 'nextcloud-fpm.conf');
    const run = await runCli(['gate', '--nginx-config', config, '--budget', 'failed<=10%', ...MODES.flatMap((m) => ['--scenario', m]), '--out', out, '--format', 'json'], { CI: 'true' });
    expect([0, 1], `${run.stdout}\n${run.stderr}`).toContain(run.code);
    const path = /report: (.+report\.json)/.exec(run.stdout)![1]!;
    const report = JSON.parse(readFileSync(path, 'utf8')) as {
      gate: { modes: { scenario: string; verdict: string }[] };
      results: { scenario: string; observation: { errorLog: { signatureCounts: Record<string, number> } } }[];
    };
    expect(Object.fromEntries(report.gate.modes.map((m) => [m.scenario, m.verdict]))).toEqual({ 'slow-backend-read-timeout': 'handled', 'non-http-response': 'not-fixable-in-nginx' });
    // Redis's answer read as FastCGI: its first byte "-" (45) is no FastCGI version
    const garbage = report.results.find((r) => r.scenario === 'non-http-response')!.observation.errorLog.signatureCounts;
    expect(garbage['fastcgi-protocol-mismatch']).toBeGreaterThan(0);
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 120_000);
});
