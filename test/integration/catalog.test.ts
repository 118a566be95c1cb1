/**
 * The built-in catalog against real nginx: every variant of every scenario meets its own
 * expectations, and the expectations discriminate (the reproduction fails each fix's
 * expectations and the other way round). A scenario that names nginx versions runs on each of
 * them (their images are pulled or, where no registry answers, built from Debian first: about a
 * minute each, once, said on stderr); it must discriminate on at least one of them (where the
 * failure exists: an upgrade can make it appear or disappear). The others run on the default image.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { discriminationGaps, roleOf } from '../../harness/expect/discrimination.js';
import type { Observation } from '../../harness/observe/observation.js';
import type { VariantResult } from '../../harness/report/run-report.js';
import { runPlans, withNginxImages } from '../../harness/run-plans.js';
import { baseVariantName } from '../../harness/scenario/on-versions.js';
import type { VariantPlan } from '../../harness/scenario/expand.js';
import { docker, labelled, requireBuild } from './support.js';

requireBuild();
const plans = await withNginxImages(docker, await loadPlans(['scenarios/']), {
  imageProgress: (line) => process.stderr.write(`catalog test: ${line}\n`),
});
const scenarios = [...new Set(plans.map((p) => p.scenario.name))];
let runId = '';
const results = new Map<string, VariantResult>();

// The catalog as a run takes it with --jobs 2: two scenarios at once where that cannot change a
// verdict (run-order.ts), containers kept from variant to variant, and a scenario that did not pass
// beside another run again alone. Every verdict here holds on that path.
beforeAll(async () => {
  const { report } = await runPlans(plans, { images: resolveImages(process.env), repeat: 1, jobs: 2, signal: new AbortController().signal });
  runId = report.runId;
  for (const r of report.results) results.set(`${r.scenario}\u0000${r.variant}`, r);
  const again = report.results.filter((r) => r.besideOthers !== undefined);
  const why = (r: (typeof again)[number]) => (r.besideOthersNotPassed ?? []).map((v) => `; ${v.expectation}: ${v.measured}, expected ${v.expected}`).join('');
  process.stderr.write(`catalog test: ${report.results.length} variants, ${again.length} ran again alone${again.map((r) => `\n  ${r.scenario}/${r.variant}: ${r.besideOthers} beside others${why(r)}, ${r.outcome} alone`).join('')}\n`);
}, 1_200_000);

afterAll(async () => {
  if (runId) expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
});

describe.each(scenarios)('scenario %s', (name) => {
  const own: VariantPlan[] = plans.filter((p) => p.scenario.name === name);

  it('meets its expectations in every variant, and they tell the variants apart', () => {
    const observations = new Map<string, Observation>();
    const failures: string[] = [];
    for (const plan of own) {
      const result = results.get(`${name}\u0000${plan.variant.name}`);
      expect(result, `${plan.variant.name} did not run`).toBeDefined();
      if (result!.error) failures.push(`${plan.variant.name}: ${result!.error.kind} error: ${result!.error.message}`);
      observations.set(plan.variant.name, result!.observation!);
      for (const v of result!.verdicts.filter((verdict) => !verdict.pass)) {
        failures.push(`${plan.variant.name}: ${v.expectation} expected ${v.expected}, measured ${v.measured}`);
      }
    }
    expect(failures).toEqual([]);
    const roles = own.map((p, i) => roleOf(p.variant, i));
    expect(roles.filter((r) => r === 'reproduces').length, 'a scenario needs a reproduction').toBeGreaterThanOrEqual(1);
    expect(roles.filter((r) => r === 'fixes').length, 'a scenario needs a fix').toBeGreaterThanOrEqual(1);
    const lines = [...new Set(own.map((p) => p.nginxVersion))];
    const gapsPerLine = lines.map((line) => {
      const onLine = own.filter((p) => p.nginxVersion === line);
      const variants = onLine.map((p) => ({ ...p.variant, name: baseVariantName(p.variant.name, line) }));
      const observed = new Map(onLine.map((p) => [baseVariantName(p.variant.name, line), observations.get(p.variant.name)!]));
      return { line: line ?? 'default', gaps: discriminationGaps(variants, observed) };
    });
    expect(gapsPerLine.filter((g) => g.gaps.length === 0).map((g) => g.line), `no version on which the expectations tell the variants apart: ${JSON.stringify(gapsPerLine)}`).not.toEqual([]);
  });
});
