/**
 * The scenario format's maximums run for real: 1,000 connections, 1,000,000 requests, 300 s of
 * load (`npm run bench -- --only=limits`, see BENCHMARKS.md). Measures, per case, the harness's
 * peak RSS (and RSS at each quarter of the run: flat is the target), nginx's log bytes, and the
 * requests the client counted beside the lines nginx's access log holds (equal is the target).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../harness/api/run-scenario.js';
import { LIMITS } from '../harness/scenario/schema.js';

export interface LimitsOptions {
  /** case name prefixes to run (connections, requests, duration); all when empty */
  cases: string[];
  requests: number;
  /** e.g. "300s" */
  duration: string;
  /** how long the 1,000-connection case sends, seconds */
  connectionsSeconds: number;
}

export const DEFAULT_LIMITS_OPTIONS: LimitsOptions = {
  cases: [],
  requests: LIMITS.maxRequests,
  duration: `${LIMITS.maxLoadDurationMs / 1000}s`,
  connectionsSeconds: 10,
};

export interface LimitCase {
  name: string;
  /** what the case is, in words, for the table */
  label: string;
  load: Record<string, unknown>;
  nginx?: Record<string, unknown>;
}

export interface LimitFigures {
  name: string;
  label: string;
  outcome: string;
  /** the error, or each failed expectation, as one line each */
  problems: string[];
  /** how the client's count and the access log's were reconciled (requests abandoned, and how nginx logged them) */
  notes: string[];
  wallS: number;
  peakRssMiB: number;
  /** whether the peak is this case's own (the kernel's reset high-water mark) or the process's so far */
  peakIsOwn: boolean;
  quartersRssMiB: number[];
  /** the load engine's peak when it runs in a child process; undefined when it runs in the harness */
  engineChildPeakMiB?: number;
  accessLogBytes: number;
  errorLogBytes: number;
  sent?: number;
  declaredRequests?: number;
  loadS?: number;
  requestsPerSecond?: number;
  accessLogLines?: number;
  reconciliationAgrees?: boolean;
}

export function limitCases(o: LimitsOptions): LimitCase[] {
  const all: LimitCase[] = [
    // nginx's worker_connections counts client and upstream connections together: 1,000 of each need
    // more than its default 1024 (with the default, nginx itself refuses connections, not badgateway).
    { name: `connections-${LIMITS.maxConnections}`, label: `${LIMITS.maxConnections.toLocaleString('en-US')} connections, ${o.connectionsSeconds} s (worker_connections 4096)`, load: { connections: LIMITS.maxConnections, duration: `${o.connectionsSeconds}s` }, nginx: { params: { worker_connections: 4096 } } },
    // A new upstream connection per request holds a 2-core machine to about 2,000 req/s (backend,
    // nginx, Docker's port proxy and the client share the cores), and 1,000,000 requests do not fit
    // in the load's time bound (300 s plus the client timeout: 487 s); with upstream keep-alive, as a
    // production config has it, about 3,400 req/s, so they do.
    { name: `requests-${o.requests}`, label: `${o.requests.toLocaleString('en-US')} requests, 64 connections (upstream keepalive 64)`, load: { connections: 64, requests: o.requests }, nginx: { params: { keepalive: 64 } } },
    { name: `duration-${o.duration}`, label: `${o.duration} of load, 16 connections`, load: { connections: 16, duration: o.duration } },
  ];
  return all.filter((c) => o.cases.length === 0 || o.cases.some((prefix) => c.name.startsWith(prefix)));
}

/** whether this process's peak RSS could be reset (see resetHighWaterMark) */
let resettable = false;

export async function measureLimits(o: LimitsOptions, log: (line: string) => void): Promise<LimitFigures[]> {
  const figures: LimitFigures[] = [];
  for (const c of limitCases(o)) {
    log(`limits: ${c.label}…`);
    figures.push(await measureCase(c));
  }
  return figures;
}

async function measureCase(c: LimitCase): Promise<LimitFigures> {
  const out = await mkdtemp(join(tmpdir(), 'badgateway-limits-'));
  const samples: number[] = [];
  /** the highest resident set any child process (the load engine, when it runs in one) reached, by pid */
  const childPeaks = new Map<number, number>();
  resetHighWaterMark();
  const t0 = performance.now();
  const sampler = setInterval(() => {
    samples.push(process.memoryUsage().rss);
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
    const own = ownHighWaterMark();
    const peak = own ?? process.resourceUsage().maxRSS * 1024;
    const quarters = [0.25, 0.5, 0.75, 1].map((q) => samples[Math.min(samples.length - 1, Math.floor(q * (samples.length - 1)))] ?? 0);
    return {
      name: c.name,
      label: c.label,
      outcome: result.outcome,
      problems: [
        ...(result.error ? [result.error.message] : []),
        ...result.verdicts.filter((v) => !v.pass).map((v) => `${v.result}: ${v.expectation}: expected ${v.expected}, measured ${v.measured}`),
      ],
      notes: obs?.reconciliation.notes ?? [],
      wallS: round((performance.now() - t0) / 1000),
      peakRssMiB: mib(peak),
      peakIsOwn: own !== undefined,
      quartersRssMiB: quarters.map(mib),
      ...(childPeaks.size > 0 ? { engineChildPeakMiB: mib(Math.max(...childPeaks.values())) } : {}),
      accessLogBytes: logBytes.access,
      errorLogBytes: logBytes.error,
      ...(obs ? {
        sent: obs.client.sent,
        ...(obs.client.declaredRequests !== undefined ? { declaredRequests: obs.client.declaredRequests } : {}),
        loadS: round(obs.client.elapsedMs / 1000),
        requestsPerSecond: Math.round(obs.client.requestsPerSecond),
        accessLogLines: obs.accessLog.lines,
        reconciliationAgrees: obs.reconciliation.agrees,
      } : {}),
    };
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

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const round = (n: number) => Number(n.toFixed(1));

async function evidenceBytes(dir: string): Promise<{ access: number; error: number }> {
  const sizes = { access: 0, error: 0 };
  for (const entry of await readdir(dir, { recursive: true })) {
    const name = String(entry);
    if (name.endsWith('access.log')) sizes.access += (await stat(join(dir, name))).size;
    if (name.endsWith('error.log')) sizes.error += (await stat(join(dir, name))).size;
  }
  return sizes;
}
