/** A started variant environment in Docker: nginx's URL, its logs, container facts, and removal. */
import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import type { ContainerFacts, ServedDuringLoad } from '../observe/observation.js';
import { removeContainer, removeNetwork, removeVolume } from './cleanup.js';
import type { PlannedAction } from '../chaos/planned-action.js';
import { recordContainerEvents, type EventRecorder } from './container-events.js';
import { performAction } from './docker-actions.js';
import type { NetworkActionHooks } from './network-actions.js';
import type { NetworkFaultHelper } from './network-fault/network-fault-helper.js';
import { demuxDockerLogs } from './docker-logs.js';
import { LABEL_ENV } from './labels.js';
import { BACKEND_CONTROL_PORT, PATHS, type BackendInstanceSpec, type NginxLogs, type ServedSnapshot, type StartedEnvironment, type StartTimings } from './runtime.js';

/** lines the backend prints for the harness carry this mark; all others are the app's own log */
const HARNESS_MARK = 'badgateway-backend';
const LOG_TAIL_LINES = 20;
const STATS_SCRIPT = `fetch('http://127.0.0.1:${BACKEND_CONTROL_PORT}/stats', { signal: AbortSignal.timeout(2000) }).then((r) => r.text()).then((t) => process.stdout.write(t)).catch(() => process.exit(1))`;

async function readServed(container: StartedTestContainer): Promise<ServedSnapshot | null> {
  try {
    const result = await container.exec(['node', '-e', STATS_SCRIPT]);
    return result.exitCode === 0 ? (JSON.parse(result.stdout) as ServedSnapshot) : null;
  } catch {
    return null;
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

interface Member {
  container: StartedTestContainer;
  role: 'nginx' | 'backend';
  backend?: BackendInstanceSpec;
}

export class DockerEnvironment implements StartedEnvironment {
  private readonly members: Member[] = [];
  private readonly volumes: string[] = [];
  private nginx?: StartedTestContainer;
  private url = '';
  private timings: StartTimings = { backendsMs: 0, nginxCheckMs: 0, nginxMs: 0 };
  private stopped?: Promise<void>;
  /** containers beside the members (fault helpers, delaying proxies, the DNS server): removed first */
  private readonly auxiliaries: string[] = [];
  private readonly faultHelpers = new Map<string, NetworkFaultHelper>();
  /** chaos replace: containers started for it, by replica alias, and how to start one more */
  private readonly replacements = new Map<string, StartedTestContainer[]>();
  private startReplacement?: NetworkActionHooks['replacementFor'];
  /** replicas now served by a replacement: their counters start from zero */
  private readonly replaced = new Set<string>();

  constructor(private readonly docker: Docker, private readonly networkId: string, private readonly label: string) {}

  addContainer(container: StartedTestContainer, role: Member['role'], backend?: BackendInstanceSpec): void {
    this.members.push({ container, role, backend });
  }

  addAuxiliary(...containerIds: string[]): void {
    this.auxiliaries.push(...containerIds);
  }

  addFaultHelper(helper: NetworkFaultHelper): void {
    this.faultHelpers.set(helper.alias, helper);
    this.addAuxiliary(...helper.containerIds);
  }

  /** The containers chaos replace swaps in (removed with the environment), and how to start another. */
  setReplacements(ready: ReadonlyMap<string, StartedTestContainer[]>, start: NetworkActionHooks['replacementFor']): void {
    for (const [alias, containers] of ready) {
      this.replacements.set(alias, [...containers]);
      this.addAuxiliary(...containers.map((c) => c.getId()));
    }
    this.startReplacement = start;
  }

  /** a volume of this environment (the socket volume), removed with it */
  addVolume(name: string): void {
    this.volumes.push(name);
  }

  setNginx(container: StartedTestContainer, url: string, timings: StartTimings): void {
    this.nginx = container;
    this.url = url;
    this.timings = timings;
  }

  get nginxUrl(): string {
    return this.url;
  }

  get startTimings(): StartTimings {
    return this.timings;
  }

  async nginxVersion(): Promise<string> {
    const result = await this.requireNginx().exec(['nginx', '-v']);
    return /nginx\/([\w.]+)/.exec(result.output)?.[1] ?? 'unknown';
  }

  async readLogs(): Promise<NginxLogs> {
    const nginx = this.requireNginx();
    const [access, error] = await Promise.all([nginx.exec(['cat', PATHS.accessLog]), nginx.exec(['cat', PATHS.errorLog])]);
    return { access: access.exitCode === 0 ? access.stdout : '', error: error.exitCode === 0 ? error.stdout : '' };
  }

  async clearLogs(): Promise<void> {
    const result = await this.requireNginx().exec(['sh', '-c', `: > ${PATHS.accessLog}; : > ${PATHS.errorLog}`]);
    if (result.exitCode !== 0) throw new Error(`could not clear nginx's logs: ${result.output.trim()}`);
  }

  act(action: PlannedAction): Promise<void> {
    return performAction(this.docker, this.networkId, this.members, action, {
      faultHelper: (alias) => this.faultHelpers.get(alias),
      replacementFor: async (backend) => {
        this.replaced.add(backend.alias);
        const ready = this.replacements.get(backend.alias)?.shift();
        if (ready) return ready;
        if (!this.startReplacement) throw new Error('replace: this environment cannot start new backend containers');
        return this.startReplacement(backend);
      },
    });
  }

  recordEvents(): Promise<EventRecorder> {
    return recordContainerEvents(this.docker, this.label);
  }

  async served(): Promise<Record<string, ServedSnapshot | null>> {
    // Only the fake backend has the control port; real app servers have no stats to read.
    const backends = this.members.filter((m) => m.backend && !m.backend.app && !m.backend.server);
    const snapshots = await Promise.all(backends.map((m) => readServed(m.container)));
    return Object.fromEntries(backends.map((m, i) => [m.backend!.alias, snapshots[i]!]));
  }

  async facts(before: Record<string, ServedSnapshot | null> = {}): Promise<ContainerFacts[]> {
    const after = await this.served();
    return Promise.all(
      this.members.map(async ({ container, role, backend }) => {
        const handle = this.docker.getContainer(container.getId());
        const [info, logs] = await Promise.all([handle.inspect(), handle.logs({ stdout: true, stderr: true, follow: false })]);
        const { stdout, stderr } = demuxDockerLogs(logs as unknown as Buffer);
        const lines = `${stdout}${stderr}`.split('\n').filter((line) => line.trim() !== '');
        return {
          name: container.getName().replace(/^\//, ''),
          role,
          ...(backend ? { backend: backend.backend, replica: backend.replica } : {}),
          image: info.Config.Image,
          running: info.State.Running,
          exitCode: info.State.Running && info.RestartCount === 0 ? null : info.State.ExitCode,
          oomKilled: info.State.OOMKilled,
          restartCount: info.RestartCount,
          exitCodes: [],
          appLogLines: lines.filter((line) => !line.includes(HARNESS_MARK)).length,
          logTail: lines.slice(-LOG_TAIL_LINES),
          served: backend ? servedDuringLoad(this.replaced.has(backend.alias) ? null : (before[backend.alias] ?? null), after[backend.alias] ?? null) : null,
        };
      }),
    );
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      for (const helper of this.faultHelpers.values()) helper.close();
      await Promise.all(this.auxiliaries.map((id) => removeContainer(this.docker, id)));
      await Promise.all(this.members.map((m) => removeContainer(this.docker, m.container.getId())));
      // anything else of this environment (a replacement that failed to start)
      const left = await this.docker.listContainers({ all: true, filters: { label: [`${LABEL_ENV}=${this.label}`] } });
      await Promise.all(left.map((c) => removeContainer(this.docker, c.Id)));
      await removeNetwork(this.docker, this.networkId);
      await Promise.all(this.volumes.map((v) => removeVolume(this.docker, v)));
    })();
    return this.stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  private requireNginx(): StartedTestContainer {
    if (!this.nginx) throw new Error('nginx has not started in this environment');
    return this.nginx;
  }
}
