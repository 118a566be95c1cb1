/**
 * docs/report-schema.md documents report.json: this fails when a field appears in a RunReport
 * that the document does not name, so the two cannot drift apart unnoticed.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../harness/package-root.js';
import { renderJsonReport } from '../../../harness/report/json-reporter.js';
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

  it('documents the schema version the reports carry', async () => {
    const doc = await readFile(join(packageRoot(), 'docs', 'report-schema.md'), 'utf8');
    expect(realisticReport().schemaVersion).toBe(2);
    expect(doc).toContain('`schemaVersion` is `2`');
  });
});
