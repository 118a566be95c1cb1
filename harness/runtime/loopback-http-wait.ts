/**
 * Readiness of a container published on 127.0.0.1: polls <scheme>://127.0.0.1:<host port><path>
 * until it answers with the expected status. testcontainers' own HTTP wait probes the host it
 * resolves, which inside a container is the bridge gateway, where a loopback-only port is not
 * reachable. Over https the certificate is the one made for the run, so it is not verified.
 * Fails at once when the container exits, instead of waiting out the timeout.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type Dockerode from 'dockerode';
import type { WaitStrategy } from 'testcontainers';

const POLL_MS = 50;
const REQUEST_TIMEOUT_MS = 1_000;

export interface ProbeOptions {
  /** the Host header (nginx routes by it) */
  host?: string;
  scheme?: 'http' | 'https';
}

export class LoopbackHttpWait implements WaitStrategy {
  private timeoutMs = 30_000;
  private timeoutSet = false;

  constructor(private readonly path: string, private readonly containerPort: number, private readonly status: number | 'any-2xx' = 200, private readonly probe: ProbeOptions = {}) {}

  async waitUntilReady(container: Dockerode.Container): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    let last = 'no attempt';
    while (Date.now() < deadline) {
      const info = await container.inspect();
      if (!info.State.Running) throw new Error(`the container exited (code ${info.State.ExitCode}) before ${this.path} answered`);
      const hostPort = info.NetworkSettings.Ports?.[`${this.containerPort}/tcp`]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort;
      if (hostPort) {
        try {
          const status = await getStatus(Number(hostPort), this.path, this.probe);
          if (this.status === 'any-2xx' ? status >= 200 && status < 300 : status === this.status) return;
          last = `status ${status}`;
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

/** One GET on loopback; the status, or a rejection when no HTTP answer came. */
function getStatus(port: number, path: string, probe: ProbeOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path, method: 'GET', timeout: REQUEST_TIMEOUT_MS, headers: probe.host ? { host: probe.host } : {}, agent: false as const };
    const request = probe.scheme === 'https' ? httpsRequest({ ...options, rejectUnauthorized: false, servername: 'localhost' }) : httpRequest(options);
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end();
  });
}
