/**
 * `diagnose --verify` runs the emitted scenario's as-diagnosed variant for real and says whether
 * the log came back: a log of read timeouts under proxy_read_timeout 1s is reproduced (exit 0);
 * the same log with a connect timeout on another server is only partly reproduced (exit 1), and
 * the file says it is not a reproduction. Nothing is left behind.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelled, requireBuild, startCli, type CliRun } from './support.js';

const dir = await mkdtemp(join(tmpdir(), 'diagnose-verify-'));
const line = (s: number, message: string, upstream = '10.0.0.1:8080') =>
  `2026/11/21 10:00:${String(s).padStart(2, '0')} [error] 29#29: *${s} ${message}, client: 10.0.0.9, server: _, request: "GET /slow HTTP/1.1", upstream: "http://${upstream}/slow", host: "x"`;
const READ = 'upstream timed out (110: Connection timed out) while reading response header from upstream';
const CONNECT = 'upstream timed out (110: Connection timed out) while connecting to upstream';
const CONF = 'worker_processes 1;\nevents { worker_connections 1024; }\nhttp {\n  upstream backend {\n    server 10.0.0.1:8080;\n  }\n  server {\n    listen 80;\n    location / {\n      proxy_pass http://backend;\n      proxy_read_timeout 1s;\n    }\n  }\n}\n';

const runs: Record<string, { run: CliRun; pid: number }> = {};

async function verify(name: string, errorLog: string): Promise<void> {
  await writeFile(join(dir, `${name}.log`), errorLog);
  const cli = startCli(['diagnose', '--error-log', join(dir, `${name}.log`), '--nginx-config', join(dir, 'nginx.conf'), '--emit-scenario', join(dir, `${name}.yaml`), '--verify', '--out', join(dir, 'reports')]);
  runs[name] = { run: await cli.done, pid: cli.child.pid! };
}

beforeAll(async () => {
  requireBuild();
  await writeFile(join(dir, 'nginx.conf'), CONF);
  const reads = Array.from({ length: 12 }, (_, i) => line(i, READ));
  await verify('reproduced', reads.join('\n'));
  await verify('partly', [...reads, line(30, CONNECT, '10.0.0.2:8080')].join('\n'));
}, 180_000);

afterAll(async () => {
  for (const { pid } of Object.values(runs)) expect(await labelled({ ownerPid: pid })).toEqual({ containers: [], networks: [], volumes: [] });
  await rm(dir, { recursive: true, force: true });
});

describe('diagnose --verify', () => {
  it('a log of read timeouts under proxy_read_timeout 1s comes back: exit 0, the file says verified', async () => {
    const { run } = runs.reproduced!;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/verify: reproduced: every failure signature and 5xx status of the log came back \(upstream-timed-out-reading-header ×\d+, 504 ×\d+\)/);
    expect(await readFile(join(dir, 'reproduced.yaml'), 'utf8')).toMatch(/^# Verified by a run: reproduced/m);
  });

  it('a connect timeout on a second server does not come back: exit 1, not presented as a reproduction', async () => {
    const { run } = runs.partly!;
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/verify: partly reproduced: 2 of 3 came back; missing: upstream-timed-out-connecting/);
    expect(run.stdout).toMatch(/does not reproduce these logs/);
    expect(await readFile(join(dir, 'partly.yaml'), 'utf8')).toMatch(/^# NOT a reproduction of the log \(verified by a run\)/m);
  });
});
