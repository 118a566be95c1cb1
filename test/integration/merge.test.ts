/**
 * badgateway merge on real runs: three small scenarios run as three shards and as one run; the
 * merged shards give the unsharded run's verdicts, scenario by scenario, variant by variant,
 * expectation by expectation (measured values differ from run to run; outcomes may not), and
 * its exit code. Then what must be refused is, with exit 2 and the file named.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../harness/report/run-report.js';
import { labelled, requireBuild, runCli } from './support.js';

const FIXTURES = 'test/fixtures/scenarios/merge';
const out = mkdtempSync(join(tmpdir(), 'badgateway-merge-'));
let before: { containers: string[]; networks: string[] };

beforeAll(async () => {
  requireBuild();
  before = await labelled();
});

afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  const after = await labelled();
  expect(after.containers.filter((c) => !before.containers.includes(c))).toEqual([]);
  expect(after.networks.filter((n) => !before.networks.includes(n))).toEqual([]);
});

/** The one report.json a run wrote under dir. */
function reportIn(dir: string): { file: string; report: RunReport } {
  const [runId, ...others] = readdirSync(dir);
  expect(others).toEqual([]);
  const file = join(dir, runId!, 'report.json');
  return { file, report: JSON.parse(readFileSync(file, 'utf8')) as RunReport };
}

/** What must not differ between two runs of the same scenarios: everything but measured values. */
function verdictsOf(report: RunReport) {
  return report.results.map((r) => ({
    scenario: r.scenario, variant: r.variant, file: r.file, outcome: r.outcome,
    verdicts: r.verdicts.map((v) => ({ expectation: v.expectation, expected: v.expected, result: v.result, pass: v.pass, source: v.source })),
  }));
}

describe('badgateway merge of a 3-shard run', () => {
  let unsharded: { file: string; report: RunReport };
  const shardFiles: string[] = [];

  it('gives the verdicts and exit code of the same scenarios run unsharded', async () => {
    const one = await runCli(['run', FIXTURES, '--out', join(out, 'one'), '--format', 'json']);
    expect(one.code, one.stderr).toBe(1); // merge-refused has a wrong expectation on purpose
    unsharded = reportIn(join(out, 'one'));
    expect(unsharded.report.summary).toEqual({ variants: 3, passed: 2, failed: 1, inconclusive: 0, errored: 0 });

    for (const index of [1, 2, 3]) {
      const shard = await runCli(['run', FIXTURES, '--shard', `${index}/3`, '--out', join(out, `shard-${index}`), '--format', 'json']);
      expect(shard.code === 0 || shard.code === 1, shard.stderr).toBe(true);
      const { file, report } = reportIn(join(out, `shard-${index}`));
      expect(report.shard).toEqual({ index, count: 3 });
      expect(report.results).toHaveLength(1);
      shardFiles.push(file);
    }

    const merge = await runCli(['merge', ...shardFiles.reverse(), '--out', join(out, 'merged')]);
    expect(merge.stderr).toBe('');
    expect(merge.code).toBe(one.code);
    const merged = reportIn(join(out, 'merged'));
    expect(verdictsOf(merged.report)).toEqual(verdictsOf(unsharded.report));
    expect(merged.report.summary).toEqual(unsharded.report.summary);
    expect(merged.report.mergedFrom!.map((m) => m.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
    expect(readdirSync(join(out, 'merged', merged.report.runId)).sort()).toEqual(['report.html', 'report.json', 'report.junit.xml', 'report.md']);
    expect(merge.stdout).toContain('3 variants: 2 passed, 1 failed, 0 errored');
  }, 180_000);

  it('refuses a missing shard, a shard twice, another badgateway version and another schema version', async () => {
    const [first, second, third] = [...shardFiles].sort();
    const missing = await runCli(['merge', first!, third!]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: shard 2\/3 missing/m);

    const copy = join(out, 'copy', 'report.json');
    mkdirSync(join(out, 'copy'));
    copyFileSync(second!, copy);
    const twice = await runCli(['merge', first!, second!, third!, copy]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`${second} and ${copy} are both shard 2/3`);

    const tampered = (name: string, change: (r: Record<string, unknown>) => void) => {
      const report = JSON.parse(readFileSync(third!, 'utf8')) as Record<string, unknown>;
      change(report);
      const file = join(out, `${name}.json`);
      writeFileSync(file, JSON.stringify(report));
      return file;
    };
    const newer = tampered('newer', (r) => { r.badgateway = '9.9.9'; });
    const version = await runCli(['merge', first!, second!, newer]);
    expect(version.code).toBe(2);
    expect(version.stderr).toContain(`${newer} was written by badgateway 9.9.9 but ${first} by ${unsharded.report.badgateway}`);

    const schema = tampered('schema-1', (r) => { r.schemaVersion = 1; });
    const refused = await runCli(['merge', first!, second!, schema]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${schema}: schemaVersion 1, but this badgateway reads and writes schemaVersion 2`);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  });
});
