import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonReporter } from '../../../harness/report/json-reporter.js';
import { buildRunReport, outcomeOf, summarize, type RunReport, type VariantResult } from '../../../harness/report/run-report.js';
import { makeObservation } from '../../fixtures/observation.js';

function makeReport(): RunReport {
  const results: VariantResult[] = [
    {
      scenario: 'slow-backend-read-timeout', variant: 'timeout-too-short', file: 'scenarios/slow-backend-read-timeout.yaml', outcome: 'passed',
      verdicts: [{ expectation: 'status.504', expected: '>= 99%', measured: '100% (412 of 412)', measuredValue: 100, pass: true, result: 'pass', source: 'client' }],
      observation: makeObservation({ client: { statusCounts: { '504': 412 } } }),
    },
    {
      scenario: 'slow-backend-read-timeout', variant: 'timeout-tuned', file: 'scenarios/slow-backend-read-timeout.yaml', outcome: 'error', verdicts: [],
      error: { kind: 'infrastructure', message: 'nginx -t rejected the rendered config', hint: 'Check the template parameters.' },
    },
  ];
  return buildRunReport({
    runId: '2026-11-21T10-00-00Z-abc', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:09.000Z',
    badgateway: '0.1.0', host: { platform: 'linux', arch: 'x64', node: 'v22.11.0', cpus: 2 }, results,
  });
}

describe('JsonReporter', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'badgateway-json-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('writes report.json that reads back equal, leaving no temp file', async () => {
    const report = makeReport();
    const paths = await new JsonReporter().write(report, dir);
    expect(paths).toEqual([join(dir, 'report.json')]);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'))).toEqual(report);
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('creates the folder and replaces an earlier report', async () => {
    const outDir = join(dir, 'nested', 'run');
    await new JsonReporter().write(makeReport(), outDir);
    await writeFile(join(outDir, 'report.json'), '{"stale": true}');
    const report = { ...makeReport(), runId: 'second' };
    await new JsonReporter().write(report, outDir);
    expect(JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8'))).toEqual(report);
    expect(await readdir(outDir)).toEqual(['report.json']);
  });

  it('fails without leaving a temp file when the target cannot be replaced', async () => {
    const outDir = join(dir, 'blocked');
    await new JsonReporter().write(makeReport(), join(outDir, 'report.json')); // report.json is now a folder
    await expect(new JsonReporter().write(makeReport(), outDir)).rejects.toThrow();
    expect(await readdir(outDir)).toEqual(['report.json']);
  });
});

describe('run report', () => {
  it('summarizes outcomes', () => {
    expect(makeReport().summary).toEqual({ variants: 2, passed: 1, failed: 0, inconclusive: 0, errored: 1 });
    expect(summarize([])).toEqual({ variants: 0, passed: 0, failed: 0, inconclusive: 0, errored: 0 });
  });

  it('fails a variant when any verdict fails', () => {
    const verdict = { expectation: 'status.200', expected: '100%', measured: '99% (99 of 100)', measuredValue: 99, pass: false, result: 'fail', source: 'client' } as const;
    expect(outcomeOf([verdict])).toBe('failed');
    expect(outcomeOf([{ ...verdict, pass: true, result: 'pass' }])).toBe('passed');
    expect(outcomeOf([{ ...verdict, pass: false, result: 'inconclusive' }, { ...verdict, pass: true, result: 'pass' }])).toBe('inconclusive');
    expect(outcomeOf([{ ...verdict, result: 'inconclusive' }, verdict])).toBe('failed');
    expect(outcomeOf([])).toBe('passed');
  });
});
