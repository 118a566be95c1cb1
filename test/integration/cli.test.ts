/**
 * The command line as a user runs it: exit codes, located messages, and nothing left in Docker
 * after success, failure, Ctrl-C or a crash.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, labelled, requireBuild, runCli, startCli, tempDir, waitFor } from './support.js';

const out = tempDir('badgateway-cli-');
const FIXTURES = 'test/fixtures/scenarios';

beforeAll(() => requireBuild());
afterAll(async () => {
  // No test may leave anything of badgateway behind, whatever path it took.
  expect(await labelled()).toEqual({ containers: [], networks: [], volumes: [] });
});

describe('badgateway run', () => {
  it('exits 0 when every expectation holds, prints measured beside expected, writes report.json', async () => {
    const run = await runCli(['run', `${FIXTURES}/cli/quick.yaml`, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✔ status\.504\s+100%\s+100% \(\d+ of \d+\)\s+pass/);
    const reportPath = /report: (.+report\.json)/.exec(run.stdout)![1]!;
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { schemaVersion: number; summary: { passed: number; failed: number } };
    expect(report.schemaVersion).toBe(2);
    expect(report.summary).toMatchObject({ passed: 2, failed: 0 });
  }, 60_000);

  it('exits 1 when an expectation fails, showing expected and measured', async () => {
    const run = await runCli(['run', `${FIXTURES}/cli/wrong-expectation.yaml`, '--out', out]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/✘ status\.504\s+<= 10%\s+100% \(\d+ of \d+\) · 95% CI [\d.]+%–100%\s+FAIL/);
  }, 60_000);

  it('exits 2 with a located message for a malformed scenario, before touching Docker', async () => {
    const run = await runCli(['run', `${FIXTURES}/bad/status-key.yaml`, `${FIXTURES}/bad/typo-key.yaml`], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${FIXTURES}/bad/status-key.yaml:15:9 variants[1].expect.status: "5O4" is not a status code or class (e.g. 504, 5xx)`);
    expect(run.stderr).toMatch(/typo-key\.yaml:8:3 load\.\w+: unknown field/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 3 with nginx -t output when nginx rejects the config, leaving nothing behind', async () => {
    const run = await runCli(['run', `${FIXTURES}/cli/nginx-rejects.yaml`, '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('nginx -t rejected the rendered config');
    expect(run.stdout).toContain('"proxy_busy_buffers_size" must be less than');
  }, 60_000);

  it('exits 3 saying what to do when Docker does not answer', async () => {
    const run = await runCli(['run', `${FIXTURES}/cli/quick.yaml`], { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('does not answer');
    expect(run.stderr).toContain('npm run setup');
  });

  it('exits 3 when the requested port is taken', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const run = await runCli(['run', `${FIXTURES}/cli/quick.yaml`, '--port', String(port), '--out', out]);
      expect(run.code).toBe(3);
      expect(run.stdout).toContain(`127.0.0.1:${port} is already in use`);
    } finally {
      server.close();
    }
  }, 60_000);

  it('on Ctrl-C in the middle of the load, removes every container and network and exits 130', async () => {
    const cli = startCli(['run', `${FIXTURES}/cli/long-run.yaml`, '--out', out]);
    const pid = cli.child.pid!;
    await waitFor('nginx of the run answering', async () => (await labelled({ ownerPid: pid })).containers.some((n) => n.endsWith('-nginx')) && cli.output().stdout.includes('running'), 30_000);
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('every container, network and volume of this run is removed');
    expect(await labelled({ ownerPid: pid })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 60_000);

  it('after a crash (SIGKILL), the reaper removes what the run created', async () => {
    const cli = startCli(['run', `${FIXTURES}/cli/long-run.yaml`, '--out', out]);
    const pid = cli.child.pid!;
    await waitFor('nginx of the run started', async () => (await labelled({ ownerPid: pid })).containers.some((n) => n.endsWith('-nginx')), 30_000);
    cli.child.kill('SIGKILL');
    await cli.done;
    await waitFor('the reaper removing the crashed run', async () => {
      const left = await labelled({ ownerPid: pid });
      return left.containers.length + left.networks.length === 0;
    }, 15_000, 250);
  }, 60_000);
});

describe('badgateway validate, schema, clean', () => {
  it('validate accepts the built-in catalog and rejects a bad file with exit 2', async () => {
    const good = await runCli(['validate', 'scenarios/']);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('slow-backend-read-timeout (timeout-too-short, timeout-tuned)');
    const bad = await runCli(['validate', `${FIXTURES}/bad/injection.yaml`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/injection\.yaml:\d+:\d+ .*proxy_read_timeout/);
  });

  it('schema prints the JSON Schema of the scenario format', async () => {
    const run = await runCli(['schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['name', 'backends', 'nginx', 'load', 'variants']));
  });

  it('clean removes containers and networks left by a crashed run', async () => {
    // the owner: a process on this host that is gone (no pid is that high)
    const labels = { 'io.badgateway.managed': 'true', 'io.badgateway.run': 'leftover', 'io.badgateway.owner': `${hostname()}:4194305` };
    const network = await docker.createNetwork({ Name: `bg-leftover-${process.pid}`, Labels: labels });
    const image = JSON.parse(readFileSync('.badgateway/images.json', 'utf8')) as { node: string };
    await docker.createContainer({ Image: image.node, name: `bg-leftover-${process.pid}`, Labels: labels, Cmd: ['true'] });
    expect((await labelled({ runId: 'leftover' })).containers).toHaveLength(1);
    const run = await runCli(['clean']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/removed 1 container\(s\), 1 network\(s\) and 0 volume\(s\) left by crashed runs/);
    expect(await labelled({ runId: 'leftover' })).toEqual({ containers: [], networks: [], volumes: [] });
    expect(network.id).toBeTruthy();
  });
});
