/**
 * The gate against the example team config (examples/nginx/nginx.conf): one failure mode it
 * handles, one it does not, told apart by exit code, console, JUnit; and the example team app
 * standing in for a fake backend.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { labelled, requireBuild, ROOT, runCli, tempDir } from './support.js';

const out = tempDir('badgateway-gate-');

beforeAll(() => {
  requireBuild();
  execFileSync('bash', [join(ROOT, 'examples', 'app', 'build.sh')], { stdio: 'ignore' });
});

describe('badgateway gate', () => {
  it('says per failure mode: handled, not handled with the nginx fix, not fixable in nginx; in every format', async () => {
    const run = await runCli(['gate', '--nginx-config', 'examples/nginx/nginx.conf', '--budget', 'failed<=1%', 'test/fixtures/scenarios/gate', '--out', out], { CI: 'true' });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('gate: examples/nginx/nginx.conf (full config) against 3 failure mode(s), budget failed<=1%');
    expect(run.stdout).toContain('  handled (1)\n    ✔ gate-backend-600ms (slow-600ms): failed: expected <= 1%, measured 0% (0 of 401)');
    expect(run.stdout).toMatch(/ {2}not handled \(1\): the catalog fixes these in nginx\n {4}✘ gate-backend-6s \(slow-6s\): failed: expected <= 1%, measured 100% \(\d+ of \d+\)/);
    expect(run.stdout).toContain("        fix in nginx (catalog's timeout-above-latency): proxy_read_timeout 10s");
    // Not one status came back: every request failed, and no nginx setting fixes that.
    expect(run.stdout).toMatch(/ {2}not fixable in nginx \(1\).*\n {4}~ gate-not-http \(redis-on-the-port\): failed: expected <= 1%, measured 100% \(\d+ of \d+\)/);
    expect(run.stdout).toContain('gate: failed (1 not handled)');
    const junitPath = /report: (.+report\.junit\.xml)/.exec(run.stdout)![1]!;
    const junit = readFileSync(junitPath, 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(junit.match(/<failure /g)).toHaveLength(1);
    expect(junit.match(/<skipped /g)).toHaveLength(1);
    // CI=true, no TTY: all four formats, and the groups in each.
    const dir = junitPath.replace('/report.junit.xml', '');
    for (const file of ['report.json', 'report.junit.xml', 'report.md', 'report.html']) expect(existsSync(join(dir, file)), file).toBe(true);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<tr class="gate-mode not-handled">');
    expect(html).toContain('<tr class="gate-mode not-fixable-in-nginx">');
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('**not handled (1)**');
    expect(md).toContain('`proxy_read_timeout 10s`');
    expect(md).toMatch(/\*\*gate-backend-6s \/ slow-6s\*\* .*\n\nLoad: \d+ requests in [\d.]+s .*; stopped sending once the budget was broken: failed \d+ of/);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { notes: string[]; gate: { passed: boolean; modes: { scenario: string; verdict: string }[] }; results: { scenario: string; observation: { client: { sent: number; stoppedEarly?: { finished: number; reason: string } } } }[] };
    // Sized to decide 1% (401 requests, capped at 20 s): the handled mode sends every one; the mode
    // whose 80 first requests all time out stops sending then (80 more in flight), not 20 s later.
    const client = (scenario: string) => report.results.find((r) => r.scenario === scenario)!.observation.client;
    expect(client('gate-backend-600ms')).toMatchObject({ sent: 401 });
    expect(client('gate-backend-600ms').stoppedEarly).toBeUndefined();
    expect(client('gate-backend-6s').sent).toBeLessThanOrEqual(200);
    expect(client('gate-backend-6s').stoppedEarly?.reason).toMatch(/^failed (\d+) of \1: over the 401 planned at least [\d.]+% \(95% CI\), budget <= 1%$/);
    expect(run.stdout).toMatch(/gate-backend-6s \/ slow-6s {2}failed · \d+ requests? in [\d.]+s .* · stopped sending once the budget was broken: failed \d+ of/);
    expect(report.gate.passed).toBe(false);
    expect(report.gate.modes.map((m) => [m.scenario, m.verdict])).toEqual([['gate-backend-600ms', 'handled'], ['gate-backend-6s', 'not-handled'], ['gate-not-http', 'not-fixable-in-nginx']]);
    expect(report.notes).toContain('examples/nginx/nginx.conf:20: upstream shop_api: 2 server(s) replaced by app-1 with max_fails=3 fail_timeout=10s');
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 150_000);

  it('refuses a malformed budget with exit 2 before touching Docker', async () => {
    const run = await runCli(['gate', '--nginx-config', 'examples/nginx/nginx.conf', '--budget', '5xx=lots'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--budget 5xx=lots');
  });

  it('runs the team app image behind the team config (examples/scenarios)', async () => {
    const run = await runCli(['run', 'examples/scenarios/shop-api-slow-render.yaml', '--out', out, '--format', 'json']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/fast-render\s+passed · \d+ requests/);
  }, 90_000);
});

describe('badgateway gate --baseline', () => {
  it('flags a candidate that lowers proxy_read_timeout below the backend, and not an identical one', async () => {
    const mode = ['test/fixtures/scenarios/gate/backend-600ms.yaml'];
    const worse = await runCli(['gate', '--nginx-config', 'test/fixtures/gate-configs/timeout-300ms.conf', '--baseline', 'test/fixtures/gate-configs/timeout-5s.conf', '--budget', 'failed<=5%', ...mode, '--out', out, '--format', 'json']);
    expect(worse.code, worse.stdout + worse.stderr).toBe(1);
    expect(worse.stdout).toMatch(/candidate (\d+) of \1 failed .* vs baseline 0 of \d+ failed .*: WORSE \(Fisher p=/);
    expect(worse.stdout).toContain('gate: failed (worse than the baseline in gate-backend-600ms)');
    const same = await runCli(['gate', '--nginx-config', 'test/fixtures/gate-configs/timeout-5s.conf', '--baseline', 'test/fixtures/gate-configs/timeout-5s.conf', '--budget', 'failed<=5%', ...mode, '--out', out, '--format', 'json']);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toMatch(/candidate 0 of \d+ failed .* vs baseline 0 of \d+ failed .*: not worse/);
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 150_000);
});

describe('badgateway gate --nginx-version --baseline-version', () => {
  // Needs the nginx 1.26 and 1.30 images: pulled, or built from Debian on first use where no
  // registry answers (about a minute each, once; the CLI says so on stderr).
  it('flags the upgrade to 1.30 on a config without keepalive: upstream keepalive on by default meets the keep-alive race', async () => {
    const run = await runCli(['gate', '--nginx-config', 'test/fixtures/gate-configs/timeout-5s.conf', '--nginx-version', '1.30', '--baseline-version', '1.26',
      '--budget', 'failed<=5%', '--scenario', 'upstream-keepalive-default', '--out', out, '--format', 'json,markdown']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toContain('gate: test/fixtures/gate-configs/timeout-5s.conf on nginx 1.30 (full config) compared with test/fixtures/gate-configs/timeout-5s.conf on nginx 1.26 against 1 failure mode(s)');
    // Each side ran on the nginx it names: what `nginx -v` said in its container, not only the label.
    const reportPath = /report: (.+report\.json)/.exec(run.stdout)![1]!;
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { results: { variant: string; nginxVersion?: string; observation?: { nginxVersion: string } }[] };
    expect(report.results.map((r) => [r.variant, r.nginxVersion, r.observation?.nginxVersion.replace(/^(\d+\.\d+)\..*$/, '$1')])).toEqual([
      ['no-keepalive-in-config', '1.30', '1.30'],
      ['no-keepalive-in-config@baseline', '1.26', '1.26'],
    ]);
    expect(readFileSync(reportPath.replace('report.json', 'report.md'), 'utf8')).toMatch(/\| upstream-keepalive-default \| no-keepalive-in-config \| ✅ passed · 200×\d+ \| ❌ failed · 200×\d+ 502×\d+ \|/);
    // 1.26 opens a connection per request: nothing races. 1.30 reuses them: every POST on a
    // connection the backend dropped is a 502 (a third of the requests of the mode's mix).
    expect(run.stdout).toMatch(/candidate ([1-9]\d*) of (\d+) failed .* vs baseline 0 of \d+ failed .*: WORSE \(Fisher p=/);
    expect(run.stdout).toContain('gate: failed (worse than the baseline in upstream-keepalive-default)');
    expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
  }, 300_000);

  it('refuses the same version as its own baseline, and --nginx-version beside --nginx-image, with exit 2', async () => {
    const same = await runCli(['gate', '--nginx-config', 'test/fixtures/gate-configs/timeout-5s.conf', '--nginx-version', '1.30', '--baseline-version', '1.30'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('--baseline-version 1.30 is the version the config runs on');
    const both = await runCli(['run', 'scenarios/upstream-keepalive-default.yaml', '--nginx-version', '1.30', '--nginx-image', 'nginx:1.30'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--nginx-version and --nginx-image both choose the nginx image');
    const bad = await runCli(['run', 'scenarios/upstream-keepalive-default.yaml', '--nginx-version', 'latest'], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--nginx-version latest is not an nginx version line');
  });
});
