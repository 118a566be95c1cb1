/**
 * `badgateway diagnose` closes the loop: logs captured from a real run are diagnosed, the emitted
 * scenario is run for real (real nginx, real backends), and its first variant must reproduce the
 * signature the diagnosis came from while its fix variants must remove it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { diagnoseTexts } from '../../harness/diagnose/diagnose.js';
import { emitScenario } from '../../harness/diagnose/emit-scenario.js';
import type { VariantResult } from '../../harness/report/run-report.js';
import { runPlans } from '../../harness/run-plans.js';
import { labelled, requireBuild, ROOT } from './support.js';

let runId = '';
const dir = await mkdtemp(join(tmpdir(), 'diagnose-it-'));

/** Captured catalog logs, the cause they diagnose to, and the signature the reproduction must show. */
const CASES = [
  { fixture: 'slow-backend-read-timeout', cause: 'timeout-below-latency', signature: 'upstream-timed-out-reading-header', status: '504' },
  { fixture: 'keepalive-race', cause: 'keepalive-race', signature: 'upstream-prematurely-closed-header', status: '502' },
  { fixture: 'crash-before-headers', cause: 'backend-crash', signature: 'upstream-prematurely-closed-header', status: '502' },
  { fixture: 'response-header-too-big', cause: 'header-too-big', signature: 'upstream-too-big-header', status: '502' },
  { fixture: 'frozen-backend', cause: 'backend-stall', signature: 'upstream-timed-out-reading-header', status: '504' },
] as const;

const results = new Map<string, { result: VariantResult; rediagnosed: string | undefined }[]>();

async function fixture(name: string, file: string): Promise<string> {
  return readFile(join(ROOT, 'test', 'fixtures', 'diagnose', 'catalog', name, file), 'utf8');
}

beforeAll(async () => {
  requireBuild();
  const emitted: string[] = [];
  for (const c of CASES) {
    const { diagnosis, settings } = diagnoseTexts({
      errorLog: await fixture(c.fixture, 'error.log'),
      accessLog: await fixture(c.fixture, 'access.log'),
      nginxConfig: await fixture(c.fixture, 'nginx.conf'),
    });
    const file = join(dir, `${c.fixture}.yaml`);
    const scenario = emitScenario(diagnosis, settings, { source: file });
    expect(scenario.cause).toBe(c.cause);
    await writeFile(file, scenario.yaml);
    emitted.push(file);
  }
  // As a user runs them: two at once (--jobs 2), each variant's logs kept as evidence.
  const plans = await loadPlans(emitted);
  const { report, reportPaths } = await runPlans(plans, { images: resolveImages(process.env), repeat: 1, jobs: 2, outDir: join(dir, 'reports'), formats: ['json'], signal: new AbortController().signal });
  runId = report.runId;
  const runDir = dirname(reportPaths.at(-1)!);
  for (const c of CASES) {
    const runs: { result: VariantResult; rediagnosed: string | undefined }[] = [];
    for (const plan of plans.filter((p) => basename(p.file) === `${c.fixture}.yaml`)) {
      const result = report.results.find((r) => r.scenario === plan.scenario.name && r.variant === plan.variant.name)!;
      const evidence = join(runDir, plan.scenario.name, plan.variant.name);
      const again = diagnoseTexts({ errorLog: await readFile(join(evidence, 'error.log'), 'utf8'), accessLog: await readFile(join(evidence, 'access.log'), 'utf8'), nginxConfig: plan.nginxConfig });
      runs.push({ result, rediagnosed: again.diagnosis.causes[0]?.id });
    }
    results.set(c.fixture, runs);
  }
}, 480_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  if (runId) expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
});

describe('an emitted scenario, run for real', () => {
  for (const c of CASES) {
    it(`${c.fixture}: as-diagnosed reproduces ${c.signature}, the fixes remove it`, () => {
      const [reproduce, ...fixes] = results.get(c.fixture)!;
      const o = reproduce!.result.observation!;
      expect(reproduce!.result.variant).toBe('as-diagnosed');
      expect(reproduce!.result.outcome, JSON.stringify(reproduce!.result.verdicts)).toBe('passed');
      expect(o.errorLog.signatureCounts[c.signature] ?? 0).toBeGreaterThan(0);
      expect(o.client.statusCounts[c.status] ?? 0).toBeGreaterThan(0);
      // the reproduction's own logs diagnose back to the cause it was emitted from
      expect(reproduce!.rediagnosed).toBe(c.cause);
      for (const fix of fixes) {
        expect(fix.result.outcome, `${fix.result.variant}: ${JSON.stringify(fix.result.verdicts)}`).toBe('passed');
        const statuses = fix.result.observation!.client.statusCounts;
        expect(Object.entries(statuses).filter(([status]) => status.startsWith('5')), fix.result.variant).toEqual([]);
      }
    });
  }
});
