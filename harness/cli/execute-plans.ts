/**
 * The CLI's side of a run: the shared runner (run-plans.ts) with live progress, each variant's
 * result as it ends, the summary table, and Ctrl-C turned into exit 130. Shared by `run` and `gate`.
 */
import type { Images } from '../config/images.js';
import type { LoadFrom } from '../runtime/load-placement.js';
import type { JudgeContext } from '../expect/verdict.js';
import type { GateReport } from '../gate/gate-report.js';
import { renderRunSummary, renderVariantResult } from '../report/console-report.js';
import type { Selection } from '../matrix/select-plans.js';
import type { RunReport, VariantResult } from '../report/run-report.js';
import type { ReportFormat } from '../report/write-reports.js';
import { RunInterrupted } from '../run-interrupted.js';
import { runPlans } from '../run-plans.js';
import type { VariantPlan } from '../scenario/expand.js';
import { EXIT } from './exit-codes.js';
import { catchInterrupts } from './interrupts.js';
import { createProgress } from './progress.js';

export { newRunId } from '../run-plans.js';

export interface ExecuteOptions {
  outDir: string;
  images: Images;
  nginxHostPort?: number;
  repeat: number;
  /** scenarios at once (run-order.ts) */
  jobs?: number;
  formats: ReportFormat[];
  color: boolean;
  /** the filters and shard that chose the plans; the shard is recorded in the report */
  selection?: Selection;
  /** confidence level of share intervals (0.95 when omitted) */
  judge?: JudgeContext;
  /** the gate: its verdict per failure mode, from the results (and the exit code with it) */
  gate?: (results: VariantResult[]) => GateReport;
  /** where the load runs (auto when omitted) */
  loadFrom?: LoadFrom;
}

export interface Io {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
}

export interface Executed {
  exitCode: number;
  report?: RunReport;
}

export async function executePlans(plans: VariantPlan[], options: ExecuteOptions, io: Io): Promise<Executed> {
  const interrupts = catchInterrupts(io.err);
  const progress = createProgress(io.out, plans.length * options.repeat, (options.jobs ?? 1) === 1);
  try {
    const { report, reportPaths } = await runPlans(plans, {
      images: options.images,
      repeat: options.repeat,
      ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
      signal: interrupts.signal,
      outDir: options.outDir,
      formats: options.formats,
      ...(options.nginxHostPort !== undefined ? { nginxHostPort: options.nginxHostPort } : {}),
      ...(options.selection?.shard ? { shard: options.selection.shard } : {}),
      ...(options.judge ? { judge: options.judge } : {}),
      ...(options.gate ? { gate: options.gate } : {}),
      ...(options.loadFrom ? { loadFrom: options.loadFrom } : {}),
      hooks: {
        imageProgress: (line) => io.err.write(`${line}\n`),
        orphansRemoved: (runId, removed) => io.err.write(`removed ${removed.containers} container(s), ${removed.networks} network(s) and ${removed.volumes} volume(s) left by crashed run ${runId}\n`),
        variantStarted: (label, again) => progress.variantStarted(label, again),
        loadProgress: (p) => progress.load(p),
        variantEnded: (result) => {
          progress.variantEnded();
          io.out.write(renderVariantResult(result, { color: options.color }) + '\n');
        },
      },
    });
    interrupts.dispose();
    io.out.write(renderRunSummary(report, reportPaths, { color: options.color }) + '\n');
    return { exitCode: exitCodeOf(report.results, report.gate), report };
  } catch (error) {
    progress.variantEnded();
    if (!(error instanceof RunInterrupted)) throw error;
    const { left, reportPaths, report } = error;
    const kept = reportPaths.length > 0 ? `the ${report?.results.length ?? 0} variant(s) that finished are in ${reportPaths.at(-1)}, marked interrupted` : 'no report written';
    io.err.write(left.containers < 0
      ? `interrupted: the Docker Engine did not answer, so what this run created may remain; run \`badgateway clean\` once it does; ${kept}\n`
      : left.containers + left.networks + left.volumes === 0
        ? `interrupted: every container, network and volume of this run is removed; ${kept}\n`
        : `interrupted: ${left.containers} container(s), ${left.networks} network(s) and ${left.volumes} volume(s) could not be removed; run \`badgateway clean\`; ${kept}\n`);
    return { exitCode: EXIT.interrupted };
  } finally {
    interrupts.dispose();
  }
}

/** Errors first (input 2, else 3); then the gate's verdict when there is one; else any variant not passed is 1. */
export function exitCodeOf(results: VariantResult[], gate?: GateReport): number {
  if (results.some((r) => r.outcome === 'error')) return results.some((r) => r.error?.kind === 'input') ? EXIT.invalidInput : EXIT.infrastructure;
  if (gate) return gate.passed ? EXIT.ok : EXIT.expectationFailed;
  return results.some((r) => r.outcome === 'failed' || r.outcome === 'inconclusive') ? EXIT.expectationFailed : EXIT.ok;
}
