/** A started variant environment in Docker: nginx's URL, its logs, container facts, and removal. */
import type Docker from 'dockerode';
import type { StartedTestContainer } from 'testcontainers';
import type { ContainerFacts } from '../observe/observation.js';
import { removeContainer } from './cleanup.js';
import { PATHS, type BackendInstanceSpec, type NginxLogs, type StartedEnvironment, type StartTimings } from './runtime.js';

interface Member {
  container: StartedTestContainer;
  role: 'nginx' | 'backend';
  backend?: BackendInstanceSpec;
}

export class DockerEnvironment implements StartedEnvironment {
  private readonly members: Member[] = [];
  private nginx?: StartedTestContainer;
  private url = '';
  private timings: StartTimings = { backendsMs: 0, nginxCheckMs: 0, nginxMs: 0 };
  private stopped?: Promise<void>;

  constructor(private readonly docker: Docker, private readonly networkId: string) {}

  addContainer(container: StartedTestContainer, role: Member['role'], backend?: BackendInstanceSpec): void {
    this.members.push({ container, role, backend });
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

  async facts(): Promise<ContainerFacts[]> {
    return Promise.all(
      this.members.map(async ({ container, role, backend }) => {
        const info = await this.docker.getContainer(container.getId()).inspect();
        return {
          name: container.getName().replace(/^\//, ''),
          role,
          ...(backend ? { backend: backend.backend, replica: backend.replica } : {}),
          image: info.Config.Image,
          running: info.State.Running,
          exitCode: info.State.Running ? null : info.State.ExitCode,
          oomKilled: info.State.OOMKilled,
          restartCount: info.RestartCount,
        };
      }),
    );
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await Promise.all(this.members.map((m) => removeContainer(this.docker, m.container.getId())));
      await this.docker.getNetwork(this.networkId).remove().catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
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
