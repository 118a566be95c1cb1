/**
 * The sweeps shipped in tune/ load, and each expands with the values it is meant to be swept over
 * (the documented ones), so `badgateway tune tune/FILE --sweep ...` never fails on its own input.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../../harness/cli/load-plans.js';
import { loadTemplate } from '../../../harness/nginx/template-registry.js';
import { packageRoot } from '../../../harness/package-root.js';
import { templateSweeps } from '../../../harness/tune/resolve-sweeps.js';
import { sweepPoints } from '../../../harness/tune/sweep-plan.js';

const SWEEPS: Record<string, string[]> = {
  'keepalive-idle-timeout.yaml': ['keepalive_timeout=1s,1500ms,2500ms,3s'],
  'max-fails-sporadic-slow.yaml': ['max_fails=1,5,0', 'fail_timeout=1s,10s'],
  'retries-502.yaml': ['proxy_next_upstream_tries=2,3', 'proxy_next_upstream_timeout=150ms,300ms,0s'],
};

describe('tune/ sweeps', () => {
  it.each(Object.entries(SWEEPS))('%s expands over %j, every point bounded by a request count', async (file, sweeps) => {
    const [loaded] = await loadScenarios([join(packageRoot(), 'tune', file)]);
    const swept = templateSweeps(sweeps, loadTemplate(loaded!.scenario.nginx.template)!);
    if (!swept.ok) throw new Error(swept.error);
    const points = sweepPoints({ file, base: loaded!.scenario, budget: { failed: '<= 1%' }, confidence: 0.95 }, swept.value);
    expect(points).toHaveLength(swept.value.reduce((n, s) => n * s.values.length, 1));
    for (const { values, plan } of points) {
      for (const [name, value] of Object.entries(values)) expect(plan.nginxConfig).toMatch(new RegExp(`${name} ${value};|${name}=${value}`));
      // a count, or an open-model schedule (its arrivals are fixed by the schedule, not by how fast the machine is)
      const bounded = plan.load.requests !== undefined || (plan.load.arrival?.segments.length ?? 0) > 0;
      expect(bounded, JSON.stringify(plan.load)).toBe(true);
    }
  });
});
