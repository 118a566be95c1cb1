/**
 * The load from a container on the variant's network, for a Docker Engine on another machine
 * (whose loopback this one cannot reach; nginx is not published then): a `node`
 * container runs the same engine program (bundled, copied in), reaching nginx by its name on the
 * network. The plan goes in on the container's standard input and the JSON lines come back on its
 * output, as with the child process (engine-session.ts): the same accounting, the same
 * ClientObservation. The container carries the run's labels and is removed when the load ends,
 * whatever way it ends.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { UsageError } from '../errors.js';
import type { ClientObservation } from '../observe/observation.js';
import { removeContainer } from '../runtime/cleanup.js';
import { runContainer } from '../runtime/container-spec.js';
import { labelsFor } from '../runtime/labels.js';
import { PATHS } from '../runtime/runtime.js';
import { encode, reportsFor } from './engine/engine-protocol.js';
import { EngineSession } from './engine/engine-session.js';
import { whenAborted, type LoadDriver, type LoadHooks, type LoadPlan } from './load-driver.js';

export interface ContainerLoadOptions {
  docker: Docker;
  runId: string;
  /** the environment label */
  lane: string;
  network: string;
  /** a name for the container, unique among the runtime's */
  name: () => string;
  nodeImage: string;
  /** the bundled engine (dist/backend/load-engine.cjs) */
  bundle: string;
  /** nginx's URL on the network, e.g. http://bg-…-nginx:8080 */
  nginxUrl: string;
}

const MEMORY_BYTES = 512 * 1024 * 1024;

export class ContainerEngineDriver implements LoadDriver {
  constructor(private readonly options: ContainerLoadOptions) {}

  async run(given: LoadPlan, signal: AbortSignal, hooks: LoadHooks = {}): Promise<ClientObservation> {
    const { docker } = this.options;
    if (given.ratePerSecond !== undefined || given.stages) {
      throw new UsageError('load.rate and closed-model stages run only when the load runs on this machine, and here it runs in a container on the run\'s network (the Docker Engine is on another machine, or the load was asked to run there).', 'Use load.arrival_rate (the open model), or run where the engine is local.');
    }
    if (!given.baseUrl.startsWith('http:')) {
      throw new UsageError('load over https runs only from this machine, and here it runs in a container on the run\'s network.', 'Run where the Docker Engine is local, or test the plain-http server of the config.');
    }
    // The same path, method, headers and bodies; only the origin is nginx's name on the network.
    const plan: LoadPlan = { ...given, baseUrl: this.options.nginxUrl };
    const container = await runContainer(docker, {
      image: this.options.nodeImage,
      name: this.options.name(),
      labels: labelsFor(this.options.runId, 'load', this.options.lane),
      network: this.options.network,
      user: '65534:65534',
      memoryBytes: MEMORY_BYTES,
      pidsLimit: 128,
      openStdin: true,
      files: [{ path: PATHS.loadEngineBundle, content: readFileSync(this.options.bundle), mode: 0o444 }],
      command: ['node', PATHS.loadEngineBundle],
    });
    try {
      return await this.drive(container.id, plan, signal, hooks);
    } finally {
      await removeContainer(docker, container.id);
    }
  }

  private async drive(id: string, plan: LoadPlan, signal: AbortSignal, hooks: LoadHooks): Promise<ClientObservation> {
    const { docker } = this.options;
    const handle = docker.getContainer(id);
    const stream = (await handle.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    const stdout = new PassThrough();
    const stderr: string[] = [];
    docker.modem.demuxStream(stream, stdout, new PassThrough().on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8'))));
    const session = new EngineSession(hooks);
    const lines = createInterface({ input: stdout }).on('line', (line) => session.line(line));
    const linesRead = new Promise((resolve) => lines.on('close', resolve));
    const ended = new Promise<void>((resolve) => { stream.on('end', resolve); stream.on('close', resolve); stream.on('error', () => resolve()); });
    stream.write(encode({ type: 'plan', plan, report: reportsFor(hooks) }));
    const unlisten = [
      whenAborted(signal, () => stream.write(encode({ type: 'abort' }))),
      whenAborted(hooks.stopSending, () => stream.write(encode({ type: 'stop' }))),
    ];
    try {
      const exit = (await handle.wait()) as { StatusCode?: number };
      await ended;
      stdout.end();
      await linesRead;
      const printed = stderr.join('').trim().split('\n').slice(-5).join('\n');
      return session.outcome(`in its container exited (code ${exit.StatusCode ?? 'unknown'})${printed ? `; it printed: ${printed}` : ''}`);
    } finally {
      for (const stop of unlisten) stop();
      stream.destroy();
    }
  }
}
