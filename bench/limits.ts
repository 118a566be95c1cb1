/**
 * The scenario format's maximums run for real: 1,000 connections, 1,000,000 requests, 300 s of
 * load. Prints, per case, the harness's peak RSS (and RSS at each quarter of the run: flat is the
 * target), nginx's log bytes, and the requests the client counted beside the lines nginx's access
 * log holds (equal is the target). Long: run it alone, holding the machine's Docker lock, e.g.
 *   flock /work/docker.lock node dist/bench/limits.js                 (all three maximums)
 *   flock /work/docker.lock node dist/bench/limits.js --requests=100000 --duration=60s
 */
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
}

const CASES: Case[] = [
  { name: `connections-${LIMITS.maxConnections}`, load: { connections: LIMITS.maxConnections, duration: `${connectionsFor}s` } },
  { name: `requests-${requests}`, load: { connections: 64, requests } },
  { name: `duration-${duration}`, load: { connections: 16, duration } },
];

const log = (line: string) => process.stdout.write(`${line}\n`);

for (const c of CASES.filter((x) => !only || x.name.startsWith(only))) {
  const out = await mkdtemp(join(tmpdir(), 'badgateway-limits-'));
  const samples: { atMs: number; rss: number }[] = [];
  const t0 = performance.now();
  const sampler = setInterval(() => samples.push({ atMs: performance.now() - t0, rss: process.memoryUsage().rss }), 250);
  try {
    const run = await runScenario({
      name: `limits-${c.name}`,
      summary: 'A healthy backend at one of the scenario format\'s maximums.',
      backends: [{ name: 'app', behavior: { kind: 'ok' } }],
      load: c.load,
      variants: [{ name: 'max', expect: { status: { '200': '100%' } } }],
    }, { outDir: out, formats: ['json'] });
    clearInterval(sampler);
    const result = run.results[0]!;
    const obs = result.observation;
    const logBytes = await evidenceBytes(out);
    const peak = Math.max(...samples.map((s) => s.rss));
    const quarters = [0.25, 0.5, 0.75, 1].map((q) => samples[Math.min(samples.length - 1, Math.floor(q * (samples.length - 1)))]?.rss ?? 0);
    log(`${c.name}: ${result.outcome}${result.error ? ` (${result.error.message})` : ''}`);
    log(`  wall ${((performance.now() - t0) / 1000).toFixed(1)} s · peak RSS ${mb(peak)} · RSS at 1/4, 1/2, 3/4, end: ${quarters.map(mb).join(', ')}`);
    log(`  log bytes: access ${logBytes.access} · error ${logBytes.error}`);
    if (obs) log(`  client sent ${obs.client.sent} · access-log lines ${obs.accessLog.lines} · ${obs.client.sent === obs.accessLog.lines ? 'equal' : `DIFFER by ${obs.client.sent - obs.accessLog.lines}`} · reconciliation ${obs.reconciliation.agrees ? 'agrees' : 'differs'}`);
  } finally {
    clearInterval(sampler);
    await rm(out, { recursive: true, force: true });
  }
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
