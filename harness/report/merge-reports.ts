/**
 * One RunReport from the reports of a matrix's shards (pure): the same results, verdicts and
 * flakes an unsharded run would have, in the order it would have run them (by repeat, then by
 * scenario file), and for a gate its verdict per failure mode (merge-gate.ts). Refuses what would
 * not be one run: reports of different badgateway versions, shards that overlap (a variant
 * twice), and, when the reports say which shard they were, a missing shard or shards of different
 * splits. Every refusal names the files.
 */
import { err, ok, type Result } from '../result.js';
import { mergeGates } from './merge-gate.js';
import { buildRunReport, type MergedReport, type RunReport, type VariantResult } from './run-report.js';

export interface MergeInput {
  /** where the report came from, for messages */
  file: string;
  report: RunReport;
}

export function mergeReports(inputs: readonly MergeInput[], runId: string): Result<RunReport> {
  if (inputs.length === 0) return err('no report to merge');
  const first = inputs[0]!;
  const otherVersion = inputs.find((i) => i.report.badgateway !== first.report.badgateway);
  if (otherVersion) {
    return err(`${otherVersion.file} was written by badgateway ${otherVersion.report.badgateway} but ${first.file} by ${first.report.badgateway}; merge only the shards of one run of one badgateway version`);
  }
  const shards = checkShards(inputs);
  if (!shards.ok) return shards;
  const ordered = shards.value;

  const seen = new Map<string, string>();
  for (const { file, report } of ordered) {
    for (const result of report.results) {
      const key = `${result.scenario} / ${result.variant}${result.repeat !== undefined ? ` (repeat ${result.repeat})` : ''}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) return err(`${key} is in both ${earlier} and ${file}: shards must not overlap (give each shard's report.json once)`);
      seen.set(key, file);
    }
  }

  const indexed = ordered.flatMap(({ report }) => report.results).map((result, index) => ({ result, index }));
  indexed.sort((a, b) => (a.result.repeat ?? 1) - (b.result.repeat ?? 1) || compare(a.result.file, b.result.file) || a.index - b.index);
  const results: VariantResult[] = indexed.map((i) => i.result);
  const gate = mergeGates(ordered, results);
  if (!gate.ok) return gate;
  const reports = ordered.map((i) => i.report);
  const flakes = reports.some((r) => r.flakes !== undefined) ? reports.flatMap((r) => r.flakes ?? []) : undefined;
  const mergedFrom: MergedReport[] = reports.map((r) => ({
    runId: r.runId, startedAt: r.startedAt, finishedAt: r.finishedAt, host: r.host, ...(r.shard ? { shard: r.shard } : {}), results: r.results.length,
  }));
  return ok(buildRunReport({
    runId,
    startedAt: reports.map((r) => r.startedAt).sort()[0]!,
    finishedAt: reports.map((r) => r.finishedAt).sort().at(-1)!,
    badgateway: reports[0]!.badgateway,
    host: reports[0]!.host,
    results,
    ...(flakes !== undefined ? { flakes } : {}),
    notes: [...new Set(reports.flatMap((r) => r.notes ?? []))],
    ...(gate.value ? { gate: gate.value } : {}),
    mergedFrom,
  }));
}

/** Reports in shard order; all of one split, none missing, or none saying which shard it was. */
function checkShards(inputs: readonly MergeInput[]): Result<MergeInput[]> {
  const sharded = inputs.filter((i) => i.report.shard !== undefined);
  if (sharded.length === 0) return ok([...inputs]);
  if (sharded.length < inputs.length) {
    const plain = inputs.find((i) => i.report.shard === undefined)!;
    return err(`${sharded[0]!.file} is shard ${shardText(sharded[0]!)} but ${plain.file} is not a shard (a run without --shard); merge the shards of one run`);
  }
  const count = sharded[0]!.report.shard!.count;
  const other = sharded.find((i) => i.report.shard!.count !== count);
  if (other) return err(`${sharded[0]!.file} is shard ${shardText(sharded[0]!)} but ${other.file} is shard ${shardText(other)}: shards of different splits`);
  const byIndex = new Map<number, MergeInput>();
  for (const input of sharded) {
    const twin = byIndex.get(input.report.shard!.index);
    if (twin) return err(`${twin.file} and ${input.file} are both shard ${shardText(input)}: shards must not overlap (give each shard's report.json once)`);
    byIndex.set(input.report.shard!.index, input);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    return err(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing (given: ${sharded.map((i) => `${shardText(i)} ${i.file}`).join(', ')}); a merged report without them would not say what the whole run did`);
  }
  return ok([...sharded].sort((a, b) => a.report.shard!.index - b.report.shard!.index));
}

function shardText(input: MergeInput): string {
  return `${input.report.shard!.index}/${input.report.shard!.count}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
