/**
 * Reads the report.json files `badgateway merge` is given (files, or folders searched for
 * report.json), checking what merging relies on: valid JSON, the schema version this badgateway
 * writes, and the fields a merged report is built from. Every problem names its file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { MergeInput } from './merge-reports.js';
import { JSON_REPORT_FILE } from './json-reporter.js';
import type { RunReport } from './run-report.js';

const SCHEMA_VERSION: RunReport['schemaVersion'] = 2;

const verdict = z.looseObject({
  expectation: z.string(), expected: z.string(), measured: z.string(), measuredValue: z.number().nullable(),
  pass: z.boolean(), result: z.enum(['pass', 'fail', 'inconclusive']), source: z.string(),
});
const result = z.looseObject({
  scenario: z.string(), variant: z.string(), file: z.string(), outcome: z.enum(['passed', 'failed', 'inconclusive', 'error']),
  verdicts: z.array(verdict), repeat: z.int().min(1).optional(),
});
const shard = z.looseObject({ index: z.int().min(1), count: z.int().min(1) });
const report = z.looseObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(), startedAt: z.string(), finishedAt: z.string(), badgateway: z.string(),
  host: z.looseObject({ platform: z.string(), arch: z.string(), node: z.string(), cpus: z.number() }),
  results: z.array(result),
  flakes: z.array(z.looseObject({ scenario: z.string(), variant: z.string(), expectation: z.string(), outcomes: z.array(z.string()) })).optional(),
  notes: z.array(z.string()).optional(),
  shard: shard.optional(),
  gate: z.looseObject({
    config: z.string(), baseline: z.string().optional(), budget: z.array(z.string()), confidence: z.number(), strict: z.boolean(), passed: z.boolean(),
    modes: z.array(z.looseObject({ scenario: z.string(), variant: z.string(), verdict: z.string(), fixableInNginx: z.boolean(), comparison: z.looseObject({ pValue: z.number(), alpha: z.number(), worse: z.boolean() }).optional() })),
  }).optional(),
});

const HINT = 'Give the report.json files (or the folders holding them) that the shards of one run wrote.';

export async function readReports(paths: readonly string[]): Promise<MergeInput[]> {
  const files: string[] = [];
  for (const path of paths) files.push(...(await reportFiles(path)));
  const unique = [...new Set(files)];
  const inputs: MergeInput[] = [];
  for (const file of unique) inputs.push({ file, report: await readReport(file) });
  return inputs;
}

async function reportFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`}`, HINT);
  }
  if (!info.isDirectory()) return [path];
  const found = (await readdir(path, { recursive: true })).filter((f) => f === JSON_REPORT_FILE || f.endsWith(`/${JSON_REPORT_FILE}`)).sort().map((f) => join(path, f));
  if (found.length === 0) throw new UsageError(`${path}: no ${JSON_REPORT_FILE} in this folder or below`, HINT);
  return found;
}

async function readReport(file: string): Promise<RunReport> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`}`, HINT);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new UsageError(`${file}: schemaVersion ${JSON.stringify(version)}, but this badgateway reads and writes schemaVersion ${SCHEMA_VERSION}`, 'Merge reports of one schema version, with the badgateway version that wrote them.');
  }
  const parsed = report.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
    throw new UsageError(`${file}: ${where || '(top level)'}: ${issue.message}; this is not a report.json badgateway wrote`, HINT);
  }
  return parsed.data as unknown as RunReport;
}
