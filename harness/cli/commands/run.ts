/**
 * `badgateway run <paths>`: every selected variant of every scenario. Validates everything before
 * Docker is touched; filters, shards and repeats come from the options.
 */
import type { Images } from '../../config/images.js';
import { UsageError } from '../../errors.js';
import { selectPlans, type Selection } from '../../matrix/select-plans.js';
import type { ReportFormat } from '../../report/write-reports.js';
import { executePlans, type Io } from '../execute-plans.js';
import { loadPlans } from '../load-plans.js';
import type { LoadFrom } from '../../runtime/load-placement.js';

export interface RunOptions {
  paths: string[];
  outDir: string;
  images: Images;
  /** --nginx-version: the lines every scenario runs on, replacing its nginx.versions */
  nginxVersions: string[];
  nginxHostPort?: number;
  selection: Selection;
  repeat: number;
  /** scenarios at once, each on its own runtime */
  jobs: number;
  formats: ReportFormat[];
  confidence: number;
  loadFrom: LoadFrom;
  color: boolean;
}

export async function runCommand(options: RunOptions, io: Io): Promise<number> {
  const plans = selectPlans(await loadPlans(options.paths, options.nginxVersions), options.selection);
  if (plans.length === 0) {
    throw new UsageError('no variant matches the filters and shard given', 'Check --scenario, --variant and --shard (badgateway validate lists the scenarios and variants).');
  }
  const { exitCode } = await executePlans(plans, { ...options, judge: { confidence: options.confidence } }, io);
  return exitCode;
}
