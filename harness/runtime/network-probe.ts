/**
 * Readiness probes from the run's network, for a Docker Engine that may be on another machine
 * (where a port published on its loopback cannot be reached from here): a small idle container of
 * Node's image on the variant's network, in which each probe runs as `node` and asks nginx or an
 * app by its container name. A probe polls for at most half a second and reports; between probes
 * the caller's `alive` check runs, as with waitForHttp on this machine (wait-for-http.ts), so a
 * crash fails at once instead of waiting out the timeout. The container carries the run's labels
 * and goes with the lane's other containers.
 */
import type Docker from 'dockerode';
import type { NodeContainerOptions } from './auxiliary-container.js';
import { execIn, printed } from './container-exec.js';
import { runContainer, type RunningContainer } from './container-spec.js';
import { labelsFor } from './labels.js';
import type { HttpProbe } from './wait-for-http.js';

const WINDOW_MS = 500;
const REQUEST_TIMEOUT_MS = 1_000;
/** exit 0 once the URL answers 2xx within the window; else exit 1 with the last answer or error */
const PROBE_SCRIPT = `const [url, host, windowMs] = process.argv.slice(1);
const u = new URL(url);
const lib = require(u.protocol === 'https:' ? 'node:https' : 'node:http');
const end = Date.now() + Number(windowMs);
const once = () => new Promise((resolve) => {
  const req = lib.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'GET', timeout: ${REQUEST_TIMEOUT_MS}, agent: false,
    headers: host ? { host } : {}, rejectUnauthorized: false, servername: 'localhost' }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
    res.on('error', (e) => resolve(e.message));
  });
  req.on('timeout', () => req.destroy(new Error('no answer within ${REQUEST_TIMEOUT_MS} ms')));
  req.on('error', (e) => resolve(e.message));
  req.end();
});
(async () => {
  for (;;) {
    const r = await once();
    if (typeof r === 'number' && r >= 200 && r < 300) process.exit(0);
    if (Date.now() >= end) { process.stdout.write(typeof r === 'number' ? 'status ' + r : String(r)); process.exit(1); }
    await new Promise((s) => setTimeout(s, 10));
  }
})();`;

export class NetworkProbe {
  private constructor(private readonly docker: Docker, private readonly container: Promise<RunningContainer>) {}

  /** Starts the probe's container; probes wait for it, and a failed start fails them. */
  static start(options: NodeContainerOptions): NetworkProbe {
    const container = runContainer(options.docker, {
      image: options.nodeImage,
      name: options.name,
      labels: labelsFor(options.runId, 'probe', options.lane),
      network: options.network,
      user: '65534:65534',
      memoryBytes: 128 * 1024 * 1024,
      pidsLimit: 32,
      init: true,
      command: ['sleep', '2147483647'],
    });
    container.catch(() => undefined); // awaited by each probe and by settled()
    return new NetworkProbe(options.docker, container);
  }

  /** Resolves once the container exists or failed to: before the lane's containers are listed for removal. */
  settled(): Promise<void> {
    return this.container.then(() => undefined, () => undefined);
  }

  /** Polls `url` (a name on the run's network) until it answers 2xx; the same contract as waitForHttp. */
  async waitForHttp(url: string, timeoutMs: number, alive: () => Promise<string | undefined>, probe: HttpProbe = {}): Promise<void> {
    const { id } = await this.container;
    const started = Date.now();
    let last = 'no attempt';
    while (Date.now() - started < timeoutMs) {
      const result = await execIn(this.docker, id, ['node', '-e', PROBE_SCRIPT, url, probe.host ?? '', String(WINDOW_MS)]);
      if (result.exitCode === 0) return;
      last = printed(result) || `the probe exited with ${result.exitCode}`;
      const dead = await alive();
      if (dead) throw new Error(dead);
    }
    throw new Error(`${url} did not answer 2xx within ${timeoutMs / 1000}s from the run's network (last: ${last})`);
  }
}
