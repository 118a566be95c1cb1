/**
 * A started variant environment in Docker: nginx's URL, its logs, container facts, chaos actions,
 * and the end of the variant. What belongs to this variant is bounded by time and identity: a
 * backend kept from an earlier variant logs for this one from the moment the environment was
 * handed over, one started for it (at start, or ahead during the previous load) from its own
 * start; engine events of its own containers only.
 * Network faults and replace go to the variant's network parts (network-actions.ts).
 */
import type Docker from 'dockerode';
import type { PlannedAction } from '../chaos/planned-action.js';
import type { LoadDriver } from '../load/load-driver.js';
import type { ContainerFacts, ServedDuringLoad } from '../observe/observation.js';
import { recordContainerEvents, type EventRecorder } from './container-events.js';
import { performAction } from './docker-actions.js';
import { NETWORK_ACTIONS, performNetworkAction } from './network-actions.js';
import type { NetworkParts } from './network-environment.js';
import { demuxDockerLogs } from './docker-logs.js';
import type { BackendControl } from './backend-control.js';
import type { RunningContainer } from './container-spec.js';
import type { NginxContainer } from './nginx-container.js';
import type { BackendInstanceSpec, NginxLogs, ServedSnapshot, StartedEnvironment, StartTimings } from './runtime.js';

/** lines the backend prints for the harness carry this mark; all others are the app's own log */
const HARNESS_MARK = 'badgateway-backend';
const LOG_TAIL_LINES = 20;

export interface BackendMember {
  spec: BackendInstanceSpec;
  container: RunningContainer;
  /** the harness's control port (fake backends) */
  control?: BackendControl;
  /** a chaos action targeted it during this variant */
  touched: boolean;
  /** it served an earlier variant: its lines before the handover are that variant's */
  kept?: boolean;
}

export interface EnvironmentParts {
  docker: Docker;
  networkId: string;
  nginx: NginxContainer;
  /** what nginx printed as it started */
  nginxOutput: string;
  backends: BackendMember[];
  /** how the load reaches nginx */
  scheme: 'http' | 'https';
  /** the variant's socket volume, when a backend listens on a unix socket (removed after it) */
  socketVolume?: string;
  timings: StartTimings;
  /** the moment the environment was handed over (ISO): earlier log lines belong to earlier variants */
  since: string;
  /** the DNS server, fault helpers and replacements of this variant (network scenarios) */
  network?: NetworkParts;
  /** the load runs here instead of on this machine (a container on the network) */
  loadDriver?: LoadDriver;
}

export class DockerEnvironment implements StartedEnvironment {
  private stopped?: Promise<void>;
  /** replicas now served by a replacement (chaos replace): their counters start from zero */
  private readonly replaced = new Set<string>();

  constructor(readonly parts: EnvironmentParts, private readonly onStop: (environment: DockerEnvironment) => Promise<void>) {}

  get nginxUrl(): string {
    return this.parts.nginx.urlFor(this.parts.scheme);
  }

  get loadDriver(): LoadDriver | undefined {
    return this.parts.loadDriver;
  }

  get startTimings(): StartTimings {
    return this.parts.timings;
  }

  nginxVersion(): Promise<string> {
    return this.parts.nginx.version();
  }

  readLogs(): Promise<NginxLogs> {
    return this.parts.nginx.readLogs();
  }

  saveLogs(dir: string, onLine: (log: 'access' | 'error', line: string) => void): Promise<{ access: number; error: number }> {
    return this.parts.nginx.saveLogs(dir, onLine);
  }

  clearLogs(): Promise<void> {
    return this.parts.nginx.clearLogs();
  }

  act(action: PlannedAction): Promise<void> {
    if (action.action === 'reload') {
      if (action.nginxConfig === undefined) return Promise.reject(new Error('reload: no config to load'));
      return this.parts.nginx.reload(action.nginxConfig);
    }
    for (const member of this.parts.backends) {
      if (member.spec.alias === action.target || member.spec.backend === action.target) member.touched = true;
    }
    if (NETWORK_ACTIONS.includes(action.action)) {
      const targets = this.parts.backends.filter((b) => b.spec.alias === action.target || b.spec.backend === action.target);
      if (targets.length === 0) return Promise.reject(new Error(`no backend or replica named ${action.target}`));
      if (action.action === 'replace') targets.forEach((t) => this.replaced.add(t.spec.alias));
      return performNetworkAction(this.parts.docker, this.parts.networkId, targets, action, this.parts.network);
    }
    const members = this.parts.backends.map((b) => ({ container: b.container, backend: b.spec }));
    return performAction(this.parts.docker, this.parts.networkId, members, action);
  }

  recordEvents(): Promise<EventRecorder> {
    return recordContainerEvents(this.parts.docker, [this.parts.nginx.id, ...this.parts.backends.map((b) => b.container.id)]);
  }

  async served(): Promise<Record<string, ServedSnapshot | null>> {
    const snapshots = await Promise.all(this.parts.backends.map((b) => b.control?.stats() ?? null));
    return Object.fromEntries(this.parts.backends.map((b, i) => [b.spec.alias, snapshots[i]!]));
  }

  async facts(before: Record<string, ServedSnapshot | null> = {}): Promise<ContainerFacts[]> {
    const after = await this.served();
    const nginx = this.containerFacts(this.parts.nginx.container, 'nginx', this.parts.nginxOutput.split('\n').filter((l) => l.trim() !== ''));
    const backends = this.parts.backends.map(async ({ container, spec, kept }) => ({
      ...(await this.containerFacts(container, 'backend', await this.logLines(container.id, kept === true))),
      backend: spec.backend,
      replica: spec.replica,
      served: servedDuringLoad(this.replaced.has(spec.alias) ? null : (before[spec.alias] ?? null), after[spec.alias] ?? null),
    }));
    return Promise.all([nginx, ...backends]);
  }

  /** Ends this variant's use of the environment; safe to call twice. */
  stop(): Promise<void> {
    this.stopped ??= this.onStop(this);
    return this.stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private async containerFacts(container: RunningContainer, role: 'nginx' | 'backend', lines: string[]): Promise<ContainerFacts> {
    const info = await this.parts.docker.getContainer(container.id).inspect();
    return {
      name: container.name,
      role,
      image: info.Config.Image,
      running: info.State.Running,
      exitCode: info.State.Running && info.RestartCount === 0 ? null : info.State.ExitCode,
      oomKilled: info.State.OOMKilled,
      restartCount: info.RestartCount,
      exitCodes: [],
      appLogLines: lines.filter((line) => !line.includes(HARNESS_MARK)).length,
      logTail: lines.slice(-LOG_TAIL_LINES),
      served: null,
    };
  }

  /** The container's log lines: all of them, or only those since this environment was handed over. */
  private async logLines(id: string, sinceHandover: boolean): Promise<string[]> {
    const sinceMs = sinceHandover ? Date.parse(this.parts.since) : 0;
    const logs = await this.parts.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, timestamps: true, since: Math.floor(sinceMs / 1000) });
    const { stdout, stderr } = demuxDockerLogs(logs as unknown as Buffer);
    return `${stdout}${stderr}`.split('\n').flatMap((line) => {
      const space = line.indexOf(' ');
      const stamp = Date.parse(line.slice(0, space));
      const text = line.slice(space + 1);
      return space > 0 && stamp >= sinceMs && text.trim() !== '' ? [text] : [];
    });
  }
}

/** Counters during the load: after minus before, or all of after when the process restarted. */
function servedDuringLoad(before: ServedSnapshot | null, after: ServedSnapshot | null): ServedDuringLoad | null {
  if (!after) return null;
  const restarted = !before || after.uptimeMs < before.uptimeMs;
  const base = restarted ? { connections: 0, requests: 0, cpuMicros: 0 } : before;
  return {
    connections: after.connections - base.connections,
    requests: after.requests - base.requests,
    cpuSeconds: (after.cpuMicros - base.cpuMicros) / 1e6,
  };
}
