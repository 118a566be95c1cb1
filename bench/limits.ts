/**
 * The scenario format's maximums run for real: 1,000 connections, 1,000,000 requests, 300 s of
 * load. Prints, per case, the harness's peak RSS (and RSS at each quarter of the run: flat is the
 * target), nginx's log bytes, and the requests the client counted beside the lines nginx's access
 * log holds (equal is the target). Long: run it alone, holding the machine's Docker lock, e.g.
 *   flock /work/docker.lock node dist/bench/limits.js                 (all three maximums)
 *   flock /work/docker.lock node dist/bench/limits.js --requests=100000 --duration=60s
 *   flock /work/docker.lock node dist/bench/limits.js --only=connections,requests   (cases by name prefix)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../harness/api/run-scenario.js';
import { LIMITS } from '../harness/scenario/schema.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const requests = Number(arg('requests') ?? LIMITS.maxRequests);
const duration = arg('duration') ?? `${LIMITS.maxLoadDurationMs / 1000}s`;
const connectionsFor = Number(arg('connections-duration') ?? 10);
const only = arg('only');

interface Case {
  name: string;
  load: Record<string, unknown>;
  nginx?: Record<string, unknown>;
}

const CASES: Case[] = [
  // nginx's worker_connections counts client and upstream connections together: 1,000 of each need
  // more than its default 1024 (with the default, nginx itself refuses connections, not badgateway).
  { name: `connections-${LIMITS.maxConnections}`, load: { connections: LIMITS.maxConnections, duration: `${connectionsFor}s` }, nginx: { params: { worker_connections: 4096 } } },
  { name: `requests-${requests}`, load: { connections: 64, requests } },
  { name: `duration-${duration}`, load: { connections: 16, duration } },
];

const log = (line: string) => process.stdout.write(`${line}\n`);
/** whether this process's peak RSS could be reset (see resetHighWaterMark) */
let resettable = false;

for (const c of CASES.filter((x) => !only || only.split(',').some((prefix) => x.name.startsWith(prefix)))) {
  const out = await mkdtemp(join(tmpdir(), 'badgateway-limits-'));
  const samples: { atMs: number; rss: number }[] = [];
  /** the highest resident set any child process (the load engine, when it runs in one) reached, by pid */
  const childPeaks = new Map<number, number>();
  resetHighWaterMark();
  const t0 = performance.now();
  const sampler = setInterval(() => {
    samples.push({ atMs: performance.now() - t0, rss: process.memoryUsage().rss });
    for (const [pid, hwm] of childHighWaterMarks()) childPeaks.set(pid, Math.max(hwm, childPeaks.get(pid) ?? 0));
  }, 250);
  try {
    const run = await runScenario({
      name: `limits-${c.name}`,
      summary: 'A healthy backend at one of the scenario format\'s maximums.',
      backends: [{ name: 'app', behavior: { kind: 'ok' } }],
      load: c.load,
      ...(c.nginx ? { nginx: c.nginx } : {}),
      variants: [{ name: 'max', expect: { status: { '200': '100%' } } }],
    }, { outDir: out, formats: ['json'] });
    clearInterval(sampler);
    const result = run.results[0]!;
    const obs = result.observation;
    const logBytes = await evidenceBytes(out);
    // The kernel's high-water mark: sampling misses the peak while the event loop is busy (parsing logs).
    const peak = ownHighWaterMark() ?? process.resourceUsage().maxRSS * 1024;
    const quarters = [0.25, 0.5, 0.75, 1].map((q) => samples[Math.min(samples.length - 1, Math.floor(q * (samples.length - 1)))]?.rss ?? 0);
    log(`${c.name}: ${result.outcome}${result.error ? ` (${result.error.message})` : ''}`);
    for (const v of result.verdicts.filter((x) => !x.pass)) log(`  ${v.result}: ${v.expectation}: expected ${v.expected}, measured ${v.measured}`);
    log(`  wall ${((performance.now() - t0) / 1000).toFixed(1)} s · harness peak RSS ${mb(peak)} (kernel high-water mark${ownHighWaterMark() === undefined ? ' of the process so far' : ' of this case'}) · sampled RSS at 1/4, 1/2, 3/4, end: ${quarters.map(mb).join(', ')}`);
    log(`  load engine: ${childPeaks.size === 0 ? 'in the harness\'s process (autocannon), its memory is in the harness\'s figure' : `child process peak RSS ${mb(Math.max(...childPeaks.values()))}`}`);
    log(`  log bytes: access ${logBytes.access} · error ${logBytes.error}`);
    if (obs) log(`  load: ${obs.client.sent} requests in ${(obs.client.elapsedMs / 1000).toFixed(1)} s, ${Math.round(obs.client.requestsPerSecond)} req/s${obs.client.declaredRequests !== undefined ? ` (${obs.client.declaredRequests} declared)` : ''}`);
    if (obs) log(`  client sent ${obs.client.sent} · access-log lines ${obs.accessLog.lines} · ${obs.client.sent === obs.accessLog.lines ? 'equal' : `DIFFER by ${obs.client.sent - obs.accessLog.lines}`} · reconciliation ${obs.reconciliation.agrees ? 'agrees' : 'differs'}`);
  } finally {
    clearInterval(sampler);
    await rm(out, { recursive: true, force: true });
  }
}

/** Linux: resets this process's peak RSS (VmHWM), so each case's peak is its own. */
function resetHighWaterMark(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    resettable = true;
  } catch {
    // not Linux, or not allowed: the figure is then the process's peak so far
  }
}

/** This process's peak RSS since the last reset (VmHWM), bytes; undefined where it cannot be reset and read. */
function ownHighWaterMark(): number | undefined {
  if (!resettable) return undefined;
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return hwm ? Number(hwm) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** VmHWM of each load engine child process of this one (Linux /proc), bytes by pid; none elsewhere (the reaper is not one). */
function childHighWaterMarks(): Map<number, number> {
  const marks = new Map<number, number>();
  let pids: string[];
  try {
    pids = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return marks;
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('engine-main')) continue;
      const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (hwm) marks.set(Number(pid), Number(hwm) * 1024);
    } catch {
      // the child ended between the listing and the read
    }
  }
  return marks;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

async function evidenceBytes(dir: string): Promise<{ access: number; error: number }> {
  const sizes = { access: 0, error: 0 };
  for (const entry of await readdir(dir, { recursive: true })) {
    const name = String(entry);
    if (name.endsWith('access.log')) sizes.access += (await stat(join(dir, name))).size;
    if (name.endsWith('error.log')) sizes.error += (await stat(join(dir, name))).size;
  }
  return sizes;
}
