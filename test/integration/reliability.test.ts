/**
 * Faults outside nginx: the reports folder read-only or full, a run's nginx or network removed
 * from outside mid-run, and two runs on one engine, one of them in another PID namespace, while
 * `clean` runs. Each ends as documented: exit 3 with what happened and what to do, no partial
 * report presented as complete, nothing left behind. Mounting folders and PID namespaces need
 * root (unshare, mount): those tests say so and skip elsewhere. The Docker Engine restarted or
 * killed mid-run is bench/engine-faults.sh (it stops the engine every other run on the machine uses).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_OWNER, LABEL_ROLE, LABEL_RUN, labelFilter } from '../../harness/runtime/labels.js';
import { isProcessAlive } from '../../harness/runtime/reaper.js';
import { PATHS } from '../../harness/runtime/runtime.js';
import { CLI, docker, labelled, requireBuild, ROOT, runCli, startCli, waitFor } from './support.js';

const FIXTURES = 'test/fixtures/scenarios/reliability';
const isRoot = process.getuid?.() === 0;
const canMount = isRoot && spawnSync('mount', ['--version']).status === 0;
const canUnshare = isRoot && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

let base: string;
beforeAll(() => {
  requireBuild();
  base = mkdtempSync(join(tmpdir(), 'badgateway-reliability-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A folder on its own small tmpfs, unmounted when done. */
function mountTmpfs(name: string, options: string): { dir: string; dispose(): void } {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  return { dir, dispose: () => execFileSync('umount', [dir]) };
}

/** Every resource of runs made by process pid (its owner label), none when it is done. */
async function leftBy(pid: number) {
  return labelled({ ownerPid: pid });
}

/** What nginxOf needs of a run process: the pid in its owner label, its output, whether it ended. */
interface Watched { pid: number; output(): string; ended(): boolean }

function watched(run: { child: ChildProcess; output: () => { stdout: string; stderr: string } }, pid = run.child.pid!): Watched {
  return { pid, output: () => { const o = run.output(); return o.stderr + o.stdout; }, ended: () => run.child.exitCode !== null || run.child.signalCode !== null };
}

/**
 * The run id and nginx of a run process, once its nginx runs. A run that ends first, or never
 * starts its nginx, fails the test with what the run printed.
 */
async function nginxOf(run: Watched): Promise<{ runId: string; id: string; networks: string[] }> {
  let found: { runId: string; id: string; networks: string[] } | undefined;
  let ended = false;
  try {
    await waitFor('the run\'s nginx running', async () => {
      const containers = await docker.listContainers({ filters: { label: [...labelFilter().label, `${LABEL_ROLE}=nginx`] } });
      const c = containers.find((x) => (x.Labels[LABEL_OWNER] ?? '').endsWith(`:${run.pid}`));
      if (c) found = { runId: c.Labels[LABEL_RUN]!, id: c.Id, networks: Object.values(c.NetworkSettings?.Networks ?? {}).map((n) => n.NetworkID) };
      ended = found === undefined && run.ended();
      return found !== undefined || ended;
    }, 30_000);
  } catch (e) {
    throw new Error(`${(e as Error).message}; the run printed:\n${run.output()}`);
  }
  if (ended) throw new Error(`the run ended before its nginx was seen running; it printed:\n${run.output()}`);
  return found!;
}

/** The load is running once nginx has logged a request of it (the variant's start line comes before nginx serves). */
async function loadRunning(nginxId: string): Promise<void> {
  await waitFor('the load running', () => {
    const lines = spawnSync('docker', ['exec', nginxId, 'sh', '-c', `wc -l < ${PATHS.accessLog}`], { encoding: 'utf8' });
    return lines.status === 0 && Number(lines.stdout.trim()) > 0;
  }, 30_000);
}

describe.skipIf(!canMount)('the reports folder (needs root to mount a tmpfs)', () => {
  it('read-only: exit 3 before any container starts, saying why and what to do', async () => {
    const ro = mountTmpfs('read-only', 'ro,size=1m');
    try {
      const cli = startCli(['run', `${FIXTURES}/bounded.yaml`, '--out', ro.dir]);
      const run = await cli.done;
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/error: cannot write .*: the filesystem is read-only \(EROFS\)/);
      expect(run.stderr).toMatch(/hint: Choose a folder on a writable filesystem with --out/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await leftBy(cli.child.pid!)).toEqual({ containers: [], networks: [], volumes: [] });
    } finally {
      ro.dispose();
    }
  }, 30_000);

  it('full mid-run: exit 3 naming the file, no report.json, no half-written file, nothing left behind', async () => {
    const small = mountTmpfs('full', 'size=64k');
    try {
      const cli = startCli(['run', `${FIXTURES}/bounded.yaml`, '--out', small.dir]);
      const run = await cli.done;
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/error: cannot write .*access\.log: the disk is full \(ENOSPC\)/);
      expect(run.stderr).toMatch(/hint: Free disk space/);
      const files = readdirSync(small.dir, { recursive: true }).map(String);
      expect(files.filter((f) => f.endsWith('report.json') || f.endsWith('.tmp') || f.endsWith('access.log'))).toEqual([]);
      expect(files.some((f) => f.endsWith('nginx.conf'))).toBe(true);
      expect(await leftBy(cli.child.pid!)).toEqual({ containers: [], networks: [], volumes: [] });
    } finally {
      small.dispose();
    }
  }, 60_000);
});

describe('a run\'s resources touched from outside', () => {
  it('nginx removed mid-load: exit 3 saying it was removed from outside, not a 502 verdict; nothing left', async () => {
    const out = join(base, 'nginx-removed');
    const cli = startCli(['run', `${FIXTURES}/steady.yaml`, '--out', out]);
    const nginx = await nginxOf(watched(cli));
    await loadRunning(nginx.id);
    await docker.getContainer(nginx.id).remove({ force: true });
    const run = await cli.done;
    expect(run.code, run.stderr + run.stdout).toBe(3);
    expect(run.stdout + run.stderr).toMatch(/infrastructure error: reliability-steady\/healthy: .*(removed or stopped|went away).*something outside badgateway/);
    expect(await leftBy(cli.child.pid!)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 60_000);

  it('its network removed mid-load: exit 3 naming the network; nothing left', async () => {
    const out = join(base, 'network-removed');
    const cli = startCli(['run', `${FIXTURES}/steady.yaml`, '--out', out]);
    const nginx = await nginxOf(watched(cli));
    await loadRunning(nginx.id);
    const network = docker.getNetwork(nginx.networks[0]!);
    const info = (await network.inspect()) as { Containers?: Record<string, unknown> };
    await Promise.all(Object.keys(info.Containers ?? {}).map((c) => network.disconnect({ Container: c, Force: true })));
    await network.remove();
    const run = await cli.done;
    expect(run.code, run.stderr + run.stdout).toBe(3);
    expect(run.stdout + run.stderr).toMatch(/infrastructure error: reliability-steady\/healthy: during the load (network \S+ was removed|container \S+ is on none of the run's networks)/);
    expect(await leftBy(cli.child.pid!)).toEqual({ containers: [], networks: [], volumes: [] });
  }, 60_000);
});

describe.skipIf(!canUnshare)('two runs on one engine, one in another PID namespace (needs root for unshare)', () => {
  it('neither sees nor removes the other\'s containers, ports or networks, and clean leaves both alone', async () => {
    // Run A in its own PID namespace, with a pid no process on this host has: by "host:pid" it
    // looks dead from here, while it runs.
    const nsPid = 4_190_001;
    expect(isProcessAlive(nsPid)).toBe(false);
    const script = `echo ${nsPid - 1} > /proc/sys/kernel/ns_last_pid; ${process.execPath} ${CLI} run ${FIXTURES}/steady.yaml --out ${join(base, 'a')}`;
    const a = startInNamespace(script);
    const aNginx = await nginxOf(watched(a, nsPid));
    // Run B on the host and clean, both while A's load runs.
    const b = startCli(['run', `${FIXTURES}/steady.yaml`, '--out', join(base, 'b')]);
    const bNginx = await nginxOf(watched(b));
    const clean = await runCli(['clean']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/removed 0 container\(s\), 0 network\(s\) and 0 volume\(s\) left by crashed runs/);
    expect(clean.stdout).toMatch(/of runs still going were left alone/);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.code, ra.stderr + ra.stdout).toBe(0);
    expect(rb.code, rb.stderr + rb.stdout).toBe(0);
    expect(aNginx.runId).not.toBe(bNginx.runId);
    expect(aNginx.networks.filter((n) => bNginx.networks.includes(n))).toEqual([]);
    expect(ra.stdout).toMatch(/passed · \d+ requests/);
    expect(rb.stdout).toMatch(/passed · \d+ requests/);
    expect(await labelled({ runId: aNginx.runId })).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await labelled({ runId: bNginx.runId })).toEqual({ containers: [], networks: [], volumes: [] });
  }, 90_000);
});

/** A shell command in a new PID namespace (with its own /proc), its output collected. */
function startInNamespace(script: string) {
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', 'sh', '-c', script], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, output: () => ({ stdout, stderr }), done };
}
