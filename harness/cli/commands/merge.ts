/**
 * `badgateway merge <report.json or folder>...`: one report, in every format, from the shards of
 * a CI matrix. The exit code is the merged run's, as if it had run unsharded; reports that cannot
 * be merged (another schema or badgateway version, overlapping or missing shards) exit 2.
 */
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { renderRunSummary } from '../../report/console-report.js';
import { renderGateSummary } from '../../report/gate-console.js';
import { mergeReports } from '../../report/merge-reports.js';
import { readReports } from '../../report/read-reports.js';
import { writeReports, type ReportFormat } from '../../report/write-reports.js';
import { newRunId } from '../../run-plans.js';
import { exitCodeOf, type Io } from '../execute-plans.js';

export interface MergeOptions {
  paths: string[];
  outDir: string;
  formats: ReportFormat[];
  color: boolean;
}

export async function mergeCommand(options: MergeOptions, io: Io): Promise<number> {
  if (options.paths.length === 0) throw new UsageError('merge needs the report.json of each shard (or folders holding them)', 'e.g. badgateway merge shards/ --out reports');
  const inputs = await readReports(options.paths);
  const merged = mergeReports(inputs, newRunId());
  if (!merged.ok) throw new UsageError(merged.error, 'Give the report.json of every shard of one run, each once.');
  const report = merged.value;
  const written = await writeReports(report, join(options.outDir, report.runId), options.formats);
  io.out.write(`merged ${inputs.length} report(s): ${inputs.map((i) => i.file).join(', ')}\n`);
  io.out.write(renderRunSummary(report, written, { color: options.color }) + '\n');
  if (report.gate) io.out.write(renderGateSummary(report.gate, { color: options.color }) + '\n');
  return exitCodeOf(report.results, report.gate);
}
