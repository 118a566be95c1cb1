/**
 * docs/report-schema.md documents report.json: this fails when a field appears in a RunReport
 * that the document does not name, so the two cannot drift apart unnoticed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/package-root.js';
import { renderJsonReport } from '../../../harness/report/json-reporter.js';
import { mergeReports } from '../../../harness/report/merge-reports.js';
import { buildRunReport } from '../../../harness/report/run-report.js';
import { chaosReport, realisticReport } from '../../fixtures/report/run-reports.js';

/** Fields whose keys are data (status codes, signature ids, levels), not schema. */
const RECORDS = new Set(['statusCounts', 'failed', 'truncatedStatuses', 'statuses', 'upstreamStatusSequences', 'signatureCounts', 'levelCounts', 'signatures']);

function fieldNames(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) fieldNames(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      into.add(key);
      if (!RECORDS.has(key)) fieldNames(child, into);
    }
  }
  return into;
}

describe('docs/report-schema.md', () => {
  it('names every field a report.json holds', async () => {
    const doc = await readFile(join(packageRoot(), 'docs', 'report-schema.md'), 'utf8');
    const fields = fieldNames(JSON.parse(renderJsonReport(realisticReport())));
    expect(fields.size).toBeGreaterThan(60);
    const missing = [...fields].filter((field) => !doc.includes(`\`${field}\``));
    expect(missing).toEqual([]);
  });

  it('names every optional field too: repeats, flakes, notes, chaos timeline, container events, error-log series', async () => {
    const doc = await readFile(join(packageRoot(), 'docs', 'report-schema.md'), 'utf8');
    const fields = fieldNames(JSON.parse(renderJsonReport(chaosReport())));
    for (const field of ['repeat', 'flakes', 'outcomes', 'notes', 'timeline', 'plannedAtMs', 'requestedAtMs', 'tookEffectAtMs', 'containerEvents', 'atMs', 'exitCode', 'series', 'signatures', 'startedAtEpochMs', 'exitCodes']) {
      expect(fields.has(field), field).toBe(true);
    }
    const missing = [...fields].filter((field) => !doc.includes(`\`${field}\``));
    expect(missing).toEqual([]);
  });

  it('names the fields of a shard\'s report and of a merged one', async () => {
    const doc = await readFile(join(packageRoot(), 'docs', 'report-schema.md'), 'utf8');
    const shard = (index: number) => ({ file: `${index}.json`, report: buildRunReport({ ...realisticReport(), results: realisticReport().results.map((r) => ({ ...r, scenario: `s${index}` })), shard: { index, count: 2 } }) });
    const merged = mergeReports([shard(1), shard(2)], 'merged');
    expect(merged.ok).toBe(true);
    const fields = fieldNames(JSON.parse(renderJsonReport(merged.ok ? merged.value : realisticReport())));
    for (const field of ['mergedFrom', 'shard', 'index', 'count']) expect(fields.has(field), field).toBe(true);
    expect([...fields].filter((field) => !doc.includes(`\`${field}\``))).toEqual([]);
  });

  it('documents the schema version the reports carry', async () => {
    const doc = await readFile(join(packageRoot(), 'docs', 'report-schema.md'), 'utf8');
    expect(realisticReport().schemaVersion).toBe(2);
    expect(doc).toContain('`schemaVersion` is `2`');
  });
});
