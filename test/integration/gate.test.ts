/**
 * The gate against the example team config (examples/nginx/nginx.conf): one failure mode it
 * handles, one it does not, told apart by exit code, console, JUnit; and the example team app
 * standing in for a fake backend.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { labelled, requireBuild, ROOT, runCli } from './support.js';

const out = mkdtempSync(join(tmpdir(), 'badgateway-gate-'));

beforeAll(() => {
  requireBuild();
  execFileSync('bash', [join(ROOT, 'examples', 'app', 'build.sh')], { stdio: 'ignore' });
});

describe('badgateway gate', () => {
  it('passes the mode the config handles, fails the one it does not, and says so in JUnit', async () => {
    const run = await runCli(['gate', '--nginx-config', 'examples/nginx/nginx.conf', '--budget', '5xx<=1%', 'test/fixtures/scenarios/gate', '--out', out], { CI: 'true' });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('gate: examples/nginx/nginx.conf (full config) against 2 failure mode(s), budget 5xx<=1%');
    expect(run.stdout).toMatch(/✔ gate-backend-600ms \/ slow-600ms .*\n(.*\n)*?\s+✔ status\.5xx\s+<= 1%\s+0% \(0 of \d+\)/);
    expect(run.stdout).toMatch(/✘ status\.5xx\s+<= 1%\s+100% \(\d+ of \d+\)\s+FAIL/);
    const junitPath = /report: (.+report\.junit\.xml)/.exec(run.stdout)![1]!;
    const junit = readFileSync(junitPath, 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(2);
    expect(junit.match(/<failure /g)).toHaveLength(1);
    // CI=true, no TTY: all four formats, and the failing mode visible in the HTML report too.
    const dir = junitPath.replace('/report.junit.xml', '');
    for (const file of ['report.json', 'report.junit.xml', 'report.md', 'report.html']) expect(existsSync(join(dir, file)), file).toBe(true);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('gate-backend-6s');
    expect(html).toContain('<tr class="verdict fail">');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('gate-backend-6s');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { notes: string[] };
    expect(report.notes).toContain('examples/nginx/nginx.conf:20: upstream shop_api: 2 server(s) replaced by app-1 with max_fails=3 fail_timeout=10s');
    expect(await labelled()).toEqual({ containers: [], networks: [] });
  }, 90_000);

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
