import { describe, expect, it } from 'vitest';
import { expandScenario, type VariantPlan } from '../../../harness/scenario/expand.js';
import { parseScenarioText } from '../../../harness/scenario/load-scenario.js';
import { baseVariantName, onVersions } from '../../../harness/scenario/on-versions.js';

const SCENARIO = `name: versions-test
summary: one backend, two variants, on three nginx versions
backends:
  - name: app
    behavior: { kind: ok }
nginx:
  template: reverse-proxy
  versions: ["1.22", "1.26", "1.30"]
load: { requests: 10 }
variants:
  - name: plain
    expect:
      status: { "200": "100%" }
      error_log: { unknown: 0 }
    expect_by_version:
      "1.30":
        status: { "502": ">= 1" }
  - name: other
    expect: { status: { "200": "100%" } }
`;

function plans(text = SCENARIO): VariantPlan[] {
  const parsed = parseScenarioText(text, 'inline.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const expanded = expandScenario('inline.yaml', parsed.value);
  if (!expanded.ok) throw new Error(expanded.error.join('\n'));
  return expanded.value;
}

describe('onVersions', () => {
  it('runs every variant on each version, version by version, names suffixed', () => {
    const out = onVersions(plans());
    expect(out.map((p) => [p.variant.name, p.nginxVersion])).toEqual([
      ['plain@1.22', '1.22'], ['other@1.22', '1.22'],
      ['plain@1.26', '1.26'], ['other@1.26', '1.26'],
      ['plain@1.30', '1.30'], ['other@1.30', '1.30'],
    ]);
  });

  it("replaces the keys a version's own expectations give, and keeps the others", () => {
    const out = onVersions(plans());
    expect(out.find((p) => p.variant.name === 'plain@1.22')!.variant.expect).toMatchObject({ status: { '200': '100%' }, error_log: { unknown: 0 } });
    expect(out.find((p) => p.variant.name === 'plain@1.30')!.variant.expect).toMatchObject({ status: { '502': '>= 1' }, error_log: { unknown: 0 } });
  });

  it('takes the versions --nginx-version gives instead; one version keeps the names', () => {
    const out = onVersions(plans(), ['1.30']);
    expect(out.map((p) => [p.variant.name, p.nginxVersion, p.variant.expect.status])).toEqual([
      ['plain', '1.30', { '502': '>= 1' }],
      ['other', '1.30', { '200': '100%' }],
    ]);
  });

  it('leaves a scenario without versions on the default image', () => {
    const out = onVersions(plans(SCENARIO.replace('  versions: ["1.22", "1.26", "1.30"]\n', '')));
    expect(out.map((p) => [p.variant.name, p.nginxVersion])).toEqual([['plain', undefined], ['other', undefined]]);
  });

  it('gives back the base name of a suffixed variant', () => {
    expect(baseVariantName('plain@1.30', '1.30')).toBe('plain');
    expect(baseVariantName('plain', '1.30')).toBe('plain');
    expect(baseVariantName('plain@1.30', undefined)).toBe('plain@1.30');
  });
});

describe('expect_by_version in a scenario', () => {
  it('must name a version of nginx.versions', () => {
    const parsed = parseScenarioText(SCENARIO.replace('"1.30":\n        status', '"1.28":\n        status'), 'inline.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.map((i) => i.message).join('\n')).toContain('nginx 1.28 is not one of nginx.versions (1.22, 1.26, 1.30)');
  });

  it('refuses a version that is not a major.minor line', () => {
    const parsed = parseScenarioText(SCENARIO.replace('versions: ["1.22",', 'versions: ["1.22.1",'), 'inline.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.map((i) => i.message).join('\n')).toContain('is not an nginx version line');
  });

  it('checks the signature ids of a version\'s error_log', () => {
    const parsed = parseScenarioText(SCENARIO.replace('status: { "502": ">= 1" }', 'error_log: { upstream-timed-out: 1 }'), 'inline.yaml');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.map((i) => i.message).join('\n')).toContain('"upstream-timed-out" is not a known error-log signature');
  });
});
