/**
 * Readiness of a container published on 127.0.0.1: polls http://127.0.0.1:<host port><path> until
 * it answers with the expected status. testcontainers' own HTTP wait probes the host it resolves,
 * which inside a container is the bridge gateway, where a loopback-only port is not reachable.
 * Fails at once when the container exits, instead of waiting out the timeout.
 */
import type Dockerode from 'dockerode';
import type { BoundPorts, WaitStrategy } from 'testcontainers';

const POLL_MS = 50;
const REQUEST_TIMEOUT_MS = 1_000;

export class LoopbackHttpWait implements WaitStrategy {
  private timeoutMs = 30_000;
  private timeoutSet = false;

  constructor(private readonly path: string, private readonly containerPort: number, private readonly status: number | 'any-2xx' = 200) {}

  async waitUntilReady(container: Dockerode.Container): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    let last = 'no attempt';
    while (Date.now() < deadline) {
      const info = await container.inspect();
      if (!info.State.Running) throw new Error(`the container exited (code ${info.State.ExitCode}) before ${this.path} answered`);
      const hostPort = info.NetworkSettings.Ports?.[`${this.containerPort}/tcp`]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort;
      if (hostPort) {
        try {
          const response = await fetch(`http://127.0.0.1:${hostPort}${this.path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          await response.arrayBuffer();
          if (this.status === 'any-2xx' ? response.status >= 200 && response.status < 300 : response.status === this.status) return;
          last = `status ${response.status}`;
        } catch (error) {
          last = (error as Error).message;
        }
      } else {
        last = `port ${this.containerPort} not published on 127.0.0.1`;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`${this.path} did not answer ${this.status} within ${this.timeoutMs / 1000}s (last: ${last})`);
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.timeoutMs;
  }
}
