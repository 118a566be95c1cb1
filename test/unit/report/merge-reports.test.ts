/**
 * badgateway merge: the shards of a run make the report the unsharded run would have made (same
 * results, in the same order, same summary and flakes), and what is not one run is refused with
 * the files named.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../harness/cli/main.js';
import { mergeReports, type MergeInput } from '../../../harness/report/merge-reports.js';
import { readReports } from '../../../harness/report/read-reports.js';
import { renderJsonReport } from '../../../harness/report/json-reporter.js';
import { buildRunReport, type RunReport, type VariantResult } from '../../../harness/report/run-report.js';
import { chaosReport, realisticReport } from '../../fixtures/report/run-reports.js';
import { streamSink } from '../../support/run-main.js';

const dir = await mkdtemp(join(tmpdir(), 'badgateway-merge-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Three scenarios of one variant each (failed, passed, errored), in the order an unsharded run has them. */
function unshardedResults(): VariantResult[] {
  return realisticReport().results.map((r, i) => ({ ...r, scenario: `mode-${'abc'[i]}`, file: `scenarios/mode-${'abc'[i]}.yaml` }));
}

function report(results: VariantResult[], extra: Partial<Parameters<typeof buildRunReport>[0]> = {}): RunReport {
  return buildRunReport({ runId: 'r', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:10.000Z', badgateway: '0.1.0', host: { platform: 'linux', arch: 'x64', node: 'v20.19.0', cpus: 2 }, results, ...extra });
}

/** shard i of 3 holds the i-th scenario, as --shard i/3 splits three scenarios; in shard order */
function shards(): MergeInput[] {
  const results = unshardedResults();
  return [0, 1, 2].map((i) => ({
    file: `shard-${i + 1}/report.json`,
    report: report([results[i]!], { runId: `run-${i + 1}`, startedAt: `2026-11-21T10:0${i}:00.000Z`, finishedAt: `2026-11-21T10:0${i}:30.000Z`, shard: { index: i + 1, count: 3 } }),
  }));
}

function refusal(inputs: MergeInput[]): string {
  const merged = mergeReports(inputs, 'm');
  return merged.ok ? 'merged' : merged.error;
}

describe('mergeReports', () => {
  it('gives the unsharded run\'s results, order and summary, and says what it merged', () => {
    const [one, two, three] = shards();
    const merged = mergeReports([three!, one!, two!], '20261121-120000-abcd');
    expect(merged.ok).toBe(true);
    if (!merged.ok) return;
    const unsharded = report(unshardedResults());
    expect(merged.value.results).toEqual(unsharded.results);
    expect(merged.value.summary).toEqual({ variants: 3, passed: 1, failed: 1, inconclusive: 0, errored: 1 });
    expect(merged.value).toMatchObject({ schemaVersion: 2, runId: '20261121-120000-abcd', badgateway: '0.1.0', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:02:30.000Z' });
    expect(merged.value.shard).toBeUndefined();
    expect(merged.value.mergedFrom!.map((m) => [m.runId, m.shard?.index, m.results])).toEqual([['run-1', 1, 1], ['run-2', 2, 1], ['run-3', 3, 1]]);
  });

  it('keeps repeats apart and in repeat order, and every shard\'s flakes', () => {
    const chaos = chaosReport();
    const a = chaos.results.map((r) => ({ ...r, scenario: 'a', file: 'a.yaml' }));
    const b = chaos.results.map((r) => ({ ...r, scenario: 'b', file: 'b.yaml' }));
    const flakesOf = (scenario: string) => (chaos.flakes ?? []).map((f) => ({ ...f, scenario }));
    const merged = mergeReports([
      { file: '1.json', report: report(a, { flakes: flakesOf('a'), shard: { index: 1, count: 2 } }) },
      { file: '2.json', report: report(b, { flakes: flakesOf('b'), shard: { index: 2, count: 2 } }) },
    ], 'm');
    expect(merged.ok && merged.value.results.map((r) => `${r.scenario}#${r.repeat}`)).toEqual(['a#1', 'b#1', 'a#2', 'b#2']);
    expect(merged.ok && merged.value.flakes!.length).toBe(2 * (chaos.flakes ?? []).length);
    expect((chaos.flakes ?? []).length).toBeGreaterThan(0);
  });

  it('merges reports that were not shards (no --shard) when they do not overlap', () => {
    const [a, b, c] = unshardedResults();
    const merged = mergeReports([{ file: 'x.json', report: report([c!]) }, { file: 'y.json', report: report([a!, b!]) }], 'm');
    expect(merged.ok && merged.value.results.map((r) => r.scenario)).toEqual(['mode-a', 'mode-b', 'mode-c']);
  });

  it('refuses reports of different badgateway versions, naming both files', () => {
    const [one, two, three] = shards();
    expect(refusal([one!, { ...two!, report: { ...two!.report, badgateway: '0.2.0' } }, three!])).toBe(
      'shard-2/report.json was written by badgateway 0.2.0 but shard-1/report.json by 0.1.0; merge only the shards of one run of one badgateway version');
  });

  it('refuses overlapping shards: a variant twice, or one shard twice', () => {
    const [one, two, three] = shards();
    expect(refusal([one!, two!, three!, { ...three!, file: 'copy/report.json' }])).toBe(
      'shard-3/report.json and copy/report.json are both shard 3/3: shards must not overlap (give each shard\'s report.json once)');
    const [a, b] = unshardedResults();
    expect(refusal([{ file: 'x.json', report: report([a!, b!]) }, { file: 'y.json', report: report([b!]) }])).toBe(
      `mode-b / ${b!.variant} is in both x.json and y.json: shards must not overlap (give each shard's report.json once)`);
  });

  it('refuses a missing shard, shards of different splits, and shards mixed with a run that was not one', () => {
    const [one, two, three] = shards();
    expect(refusal([three!, one!])).toMatch(/^shard 2\/3 missing \(given: 3\/3 shard-3\/report\.json, 1\/3 shard-1\/report\.json\)/);
    expect(refusal([three!])).toMatch(/^shards 1\/3, 2\/3 missing/);
    expect(refusal([one!, two!, { ...three!, report: { ...three!.report, shard: { index: 2, count: 4 } } }])).toMatch(/shards of different splits/);
    expect(refusal([one!, { file: 'plain.json', report: report([]) }])).toMatch(/plain\.json is not a shard/);
  });
});

async function write(name: string, content: string): Promise<string> {
  const file = join(dir, name);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, content);
  return file;
}

describe('reading reports', () => {
  it('finds report.json in folders, and refuses another schema version naming the file', async () => {
    await write('ci/shard-1/20261121-100000-aaaa/report.json', renderJsonReport(shards()[1]!.report));
    await write('ci/shard-2/20261121-100000-bbbb/report.json', renderJsonReport(shards()[2]!.report));
    await write('ci/shard-2/20261121-100000-bbbb/report.md', '# not json');
    expect(shards()[0]!.report.schemaVersion).toBe(2);
    const inputs = await readReports([join(dir, 'ci')]);
    expect(inputs.map((i) => i.file.slice(dir.length))).toEqual(['/ci/shard-1/20261121-100000-aaaa/report.json', '/ci/shard-2/20261121-100000-bbbb/report.json']);
    const older = await write('older.json', JSON.stringify({ ...shards()[0]!.report, schemaVersion: 1 }));
    await expect(readReports([join(dir, 'ci'), older])).rejects.toThrow(`${older}: schemaVersion 1, but this badgateway reads and writes schemaVersion 2`);
  });

  it('refuses what is not a report, saying where', async () => {
    const broken = await write('broken.json', '{ "schemaVersion": 2, ');
    await expect(readReports([broken])).rejects.toThrow(`${broken}: not valid JSON`);
    const partial = await write('partial.json', JSON.stringify({ ...shards()[0]!.report, results: [{ scenario: 'x' }] }));
    await expect(readReports([partial])).rejects.toThrow(`${partial}: results[0].variant:`);
    await expect(readReports([join(dir, 'nothing-here')])).rejects.toThrow('no such file or folder');
  });
});

describe('badgateway merge', () => {
  it('writes every format of the merged report and exits as the merged run would', async () => {
    const files = await Promise.all(shards().map((s, i) => write(`cli/${i}/report.json`, renderJsonReport(s.report))));
    const out = streamSink();
    const err = streamSink();
    const code = await main(['merge', ...files, '--out', join(dir, 'merged')], { NO_COLOR: '1' }, out.stream, err.stream);
    expect(err.text()).toBe('');
    expect(code).toBe(3); // one variant errored (infrastructure): the unsharded run exits 3 too
    const paths = [...out.text().matchAll(/^report: (.+)$/gm)].map((m) => m[1]!);
    expect(paths.map((p) => p.split('/').at(-1))).toEqual(['report.junit.xml', 'report.md', 'report.html', 'report.json']);
    const merged = JSON.parse(await readFile(paths.at(-1)!, 'utf8')) as RunReport;
    expect(merged.results.map((r) => r.scenario)).toEqual(['mode-a', 'mode-b', 'mode-c']);
    expect(out.text()).toContain('3 variants: 1 passed, 1 failed, 1 errored');

    const refused = await main(['merge', files[0]!, files[2]!], { NO_COLOR: '1' }, streamSink().stream, err.stream);
    expect(refused).toBe(2);
    expect(err.text()).toMatch(/^error: shard 2\/3 missing/m);
    expect(err.text()).toMatch(/^hint: /m);
  });
});
