/**
 * `badgateway gate --nginx-config nginx.conf [--budget failed<=1%] [--baseline old.conf]`: the
 * pre-deploy gate. Every failure mode of the catalog (each scenario's reproduction: its backends,
 * its load, its chaos) runs against the user's own nginx config and is judged handled, not handled
 * (with the catalog's nginx fix as the suggestion) or not fixable in nginx. Exit 0 when the gate
 * passes, 1 when it does not; with --baseline, 1 only when the config is worse than the baseline.
 */
import { join } from 'node:path';
import type { Images } from '../../config/images.js';
import type { LoadFrom } from '../../runtime/load-placement.js';
import { UsageError } from '../../errors.js';
import { failureModeOf } from '../../gate/failure-modes.js';
import { applicableModes, inProtocolTerms, targetProtocol } from '../../gate/applicable-modes.js';
import { gatePlans } from '../../gate/gate-plans.js';
import { judgeModes } from '../../gate/judge-modes.js';
import { renderGateSummary } from '../../report/gate-console.js';
import { parseBudgets, parseUpstreamMap } from '../../matrix/budget.js';
import { selectPlans, type Selection } from '../../matrix/select-plans.js';
import { loadUserConfig } from '../../nginx/user-config/load-user-config.js';
import { packageRoot } from '../../package-root.js';
import type { ReportFormat } from '../../report/write-reports.js';
import type { LoadSpec } from '../../scenario/schema.js';
import { executePlans, type Io } from '../execute-plans.js';
import { loadScenarios } from '../load-plans.js';

export const DEFAULT_BUDGET = 'failed<=1%';

export interface GateOptions {
  nginxConfig: string;
  baselineConfig?: string;
  /** --nginx-version: the line the config runs on (one at most) */
  nginxVersions: string[];
  /** --baseline-version: the baseline is the config (or --baseline's) on this line */
  baselineVersion?: string;
  budgets: string[];
  upstreams: string[];
  /** scenario files or folders; the built-in catalog when empty */
  paths: string[];
  loadOverride: Partial<Pick<LoadSpec, 'path' | 'headers'>>;
  selection: Selection;
  outDir: string;
  images: Images;
  repeat: number;
  /** failure modes at once, each on its own runtime */
  jobs: number;
  formats: ReportFormat[];
  confidence: number;
  strict: boolean;
  /** where the load runs (auto when omitted) */
  loadFrom?: LoadFrom;
  color: boolean;
}

export async function gateCommand(options: GateOptions, io: Io): Promise<number> {
  const budgetTexts = options.budgets.length > 0 ? options.budgets : [DEFAULT_BUDGET];
  const budget = parseBudgets(budgetTexts);
  if (!budget.ok) throw new UsageError(budget.error.join('\n'), 'See badgateway gate --help.');
  const upstreams = parseUpstreamMap(options.upstreams);
  if (!upstreams.ok) throw new UsageError(upstreams.error.join('\n'), 'See badgateway gate --help.');
  const config = loadUserConfig(options.nginxConfig);
  const baseline = options.baselineConfig !== undefined ? loadUserConfig(options.baselineConfig) : undefined;
  if (options.nginxVersions.length > 1) throw new UsageError(`gate runs the config on one nginx version, but --nginx-version gave ${options.nginxVersions.join(', ')}`, 'Compare two versions with --nginx-version <new> --baseline-version <current>.');
  const version = options.nginxVersions[0];
  const baselineVersion = options.baselineVersion;
  if (baselineVersion !== undefined && baselineVersion === version && baseline === undefined) throw new UsageError(`--baseline-version ${baselineVersion} is the version the config runs on: that compares the config with itself`, 'e.g. --nginx-version 1.30 --baseline-version 1.26: is the config worse after the upgrade?');
  // Beside a baseline on a named line, the side on the default image says which image that is.
  const onVersion = (file: string, line: string | undefined) => (line !== undefined ? `${file} on nginx ${line}` : baselineVersion !== undefined ? `${file} on ${options.images.nginx}` : file);
  const configLabel = onVersion(config.file, version);
  const baselineLabel = baseline !== undefined || baselineVersion !== undefined ? onVersion(baseline?.file ?? config.file, baselineVersion ?? version) : undefined;

  const loaded = await loadScenarios(options.paths.length > 0 ? options.paths : [join(packageRoot(), 'scenarios')]);
  const hostHeader = Object.entries(options.loadOverride.headers ?? {}).find(([name]) => name.toLowerCase() === 'host')?.[1];
  const protocol = targetProtocol(config, hostHeader);
  const { applicable: scenarios, skipped } = applicableModes(loaded, loaded.map(failureModeOf), protocol);
  const modes = scenarios.map(failureModeOf).map((mode) => inProtocolTerms(mode, protocol));
  const plans = gatePlans({
    scenarios, modes, config, ...(baseline ? { baseline } : {}),
    ...(version !== undefined ? { version } : {}), ...(baselineVersion !== undefined ? { baselineVersion } : {}),
    budget: budget.value, confidence: options.confidence, upstreams: upstreams.value, loadOverride: options.loadOverride,
  });
  const selected = selectPlans(plans, options.selection);
  if (selected.length === 0) throw new UsageError('no failure mode matches the filters and shard given', 'Check --scenario and --shard.');
  const modeCount = new Set(selected.map((p) => p.scenario.name)).size;
  const against = baselineLabel !== undefined ? ` compared with ${baselineLabel}` : '';
  io.out.write(`gate: ${configLabel} (${config.kind} config)${against} against ${modeCount} failure mode(s), budget ${budgetTexts.join(', ')}\n`);
  for (const s of skipped) io.out.write(`gate: ${s.scenario} does not apply: ${s.reason}\n`);
  const { exitCode, report } = await executePlans(selected, {
    ...options,
    judge: { confidence: options.confidence },
    gate: (results) => judgeModes({
      config: configLabel, ...(baselineLabel !== undefined ? { baseline: baselineLabel } : {}), budget: budgetTexts,
      confidence: options.confidence, strict: options.strict, modes, results,
    }),
  }, io);
  if (report?.gate) io.out.write(renderGateSummary(report.gate, { color: options.color }) + '\n');
  return exitCode;
}
