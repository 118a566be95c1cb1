/**
 * `badgateway gate --nginx-config nginx.conf --budget 5xx<=0.1%`: the pre-deploy gate. Every
 * failure mode of the catalog (each scenario's reproduction: its backends, its load) runs against
 * the user's own nginx config, and each must keep its errors inside the budget. Exit 0 when all
 * do, 1 when one does not.
 */
import { join } from 'node:path';
import type { Images } from '../../config/images.js';
import { UsageError } from '../../errors.js';
import { parseBudgets, parseUpstreamMap } from '../../matrix/budget.js';
import { selectPlans, type Selection } from '../../matrix/select-plans.js';
import { loadUserConfig } from '../../nginx/user-config/load-user-config.js';
import { packageRoot } from '../../package-root.js';
import type { ReportFormat } from '../../report/write-reports.js';
import type { LoadSpec } from '../../scenario/schema.js';
import { roleOf } from '../../expect/discrimination.js';
import { executePlans, type Io } from '../execute-plans.js';
import { loadScenarios, plansOf } from '../load-plans.js';

export const DEFAULT_BUDGET = '5xx<=0.1%';

export interface GateOptions {
  nginxConfig: string;
  budgets: string[];
  upstreams: string[];
  /** scenario files or folders; the built-in catalog when empty */
  paths: string[];
  loadOverride: Partial<Pick<LoadSpec, 'path' | 'headers'>>;
  selection: Selection;
  outDir: string;
  images: Images;
  repeat: number;
  formats: ReportFormat[];
  color: boolean;
}

export async function gateCommand(options: GateOptions, io: Io): Promise<number> {
  const budget = parseBudgets(options.budgets.length > 0 ? options.budgets : [DEFAULT_BUDGET]);
  if (!budget.ok) throw new UsageError(budget.error.join('\n'), 'See badgateway --help.');
  const upstreams = parseUpstreamMap(options.upstreams);
  if (!upstreams.ok) throw new UsageError(upstreams.error.join('\n'), 'See badgateway --help.');
  const userConfig = loadUserConfig(options.nginxConfig);

  const scenarios = await loadScenarios(options.paths.length > 0 ? options.paths : [join(packageRoot(), 'scenarios')]);
  const plans = plansOf(scenarios, ({ scenario }) => {
    const reproduction = scenario.variants.find((v, i) => roleOf(v, i) === 'reproduces') ?? scenario.variants[0]!;
    return {
      userConfig,
      scenario: {
        ...scenario,
        nginx: { template: scenario.nginx.template, params: {}, config: options.nginxConfig, upstreams: upstreams.value },
        load: { ...scenario.load, ...reproduction.load, ...options.loadOverride, headers: { ...scenario.load.headers, ...options.loadOverride.headers } },
        variants: [{ ...reproduction, load: undefined, nginx: {}, expect: budget.value }],
      },
    };
  });
  const selected = selectPlans(plans, options.selection);
  if (selected.length === 0) throw new UsageError('no failure mode matches the filters and shard given', 'Check --scenario and --shard.');
  io.out.write(`gate: ${userConfig.file} (${userConfig.kind} config) against ${selected.length} failure mode(s), budget ${options.budgets.length > 0 ? options.budgets.join(', ') : DEFAULT_BUDGET}\n`);
  const { exitCode } = await executePlans(selected, options, io);
  return exitCode;
}
