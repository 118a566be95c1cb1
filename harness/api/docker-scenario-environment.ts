/** ScenarioEnvironment on the Docker runtime: a started variant environment, and its run's cleanup. */
import type { PlannedAction } from '../chaos/planned-action.js';
import { summarizeAccessLog } from '../nginx/parse-access-log.js';
import { summarizeErrorLog } from '../nginx/parse-error-log.js';
import type { AccessLogSummary, ContainerFacts, ErrorLogSummary } from '../observe/observation.js';
import type { NginxLogs, StartedEnvironment } from '../runtime/runtime.js';
import type { VariantPlan } from '../scenario/expand.js';
import type { BackendAction, ScenarioEnvironment } from './scenario-environment.js';

export class DockerScenarioEnvironment implements ScenarioEnvironment {
  /** the scenario's name */
  readonly scenario: string;
  /** the variant's name */
  readonly variant: string;
  /** the nginx.conf nginx runs */
  readonly nginxConfig: string;
  private stopped?: Promise<void>;

  /** `release` removes whatever of the run is left and ends its crash reaper */
  constructor(plan: VariantPlan, private readonly environment: StartedEnvironment, private readonly release: () => Promise<void>) {
    this.scenario = plan.scenario.name;
    this.variant = plan.variant.name;
    this.nginxConfig = plan.nginxConfig;
  }

  /** nginx's base URL, e.g. http://127.0.0.1:32768 */
  get nginxUrl(): string {
    return this.environment.nginxUrl;
  }

  /** the version nginx reports, e.g. "1.22.1" */
  nginxVersion(): Promise<string> {
    return this.environment.nginxVersion();
  }

  /** nginx's access and error logs so far, as nginx wrote them */
  logs(): Promise<NginxLogs> {
    return this.environment.readLogs();
  }

  /** nginx's error log so far: lines counted by signature id and level, unknown lines kept */
  async errorLog(): Promise<ErrorLogSummary> {
    return summarizeErrorLog((await this.environment.readLogs()).error);
  }

  /** nginx's access log so far: statuses, upstream status sequences, upstream timings */
  async accessLog(): Promise<AccessLogSummary> {
    return summarizeAccessLog((await this.environment.readLogs()).access);
  }

  /** empties nginx's logs, e.g. between two phases of a test */
  clearLogs(): Promise<void> {
    return this.environment.clearLogs();
  }

  /** each container: running, exit code, OOM-killed, restarts, its last log lines */
  containers(): Promise<ContainerFacts[]> {
    return this.environment.facts();
  }

  /** kills, stops, starts, restarts, pauses, unpauses, disconnects or reconnects backends now */
  act(action: BackendAction): Promise<void> {
    const planned: PlannedAction = { name: `${action.action} ${action.target}`, action: action.action, target: action.target, signal: action.signal ?? 'SIGKILL', graceMs: action.graceMs ?? 10_000 };
    return this.environment.act(planned);
  }

  /** removes every container and the network; safe to call twice */
  async stop(): Promise<void> {
    this.stopped ??= this.environment.stop().finally(() => this.release());
    await this.stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
