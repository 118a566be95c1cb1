/**
 * The nginx container: published on 127.0.0.1, confined, with a shell reading the runtime's
 * commands on its standard input as its main process (under an init) and nginx as a daemon in it. With a probe on the run's network (an engine that may be on another
 * machine, the load from a container there) it is published only on a port asked for, and its
 * readiness is asked from that network. serve() stops whatever nginx runs, checks the new config
 * with `nginx -t` in this same container and starts a new master with it. So one container serves variant after
 * variant, and each variant gets a new master: new workers, new connections, new shared memory
 * (upstream zones and the peers' failure state, limit_req counters), empty logs and temp folders.
 */
import { basename } from 'node:path';
import type Docker from 'dockerode';
import { LogSpaceError, NginxConfigError } from '../errors.js';
import { execStreaming } from './container-exec.js';
import { LogFilesSink } from './log-files-sink.js';
import { TarStreamReader } from './tar-stream.js';
import type { NginxLogName } from '../observe/log-summaries.js';
import { runContainer, type RunningContainer } from './container-spec.js';
import { labelsFor } from './labels.js';
import { checkMsOf, withoutCheckMs, logSpaceOf, LOGS_ARCHIVE_MARK, LOGS_SCRIPT, SMALL_LOGS_SCRIPT, SMALL_LOGS_TOO_BIG, MASTER_ALIVE_SCRIPT, RELOAD_SCRIPT, SERVE_EXIT, SERVE_SCRIPT, timeWaitOf } from './nginx-scripts.js';
import { READY_HOST, READY_PATH } from '../nginx/readiness.js';
import { NGINX_PORT, PATHS, type NginxLogs } from './runtime.js';
import type { NetworkProbe } from './network-probe.js';
import { tarEntries, type TarFile } from './tar-entries.js';
import { ShellChannel } from './shell-channel.js';
import { waitForHttp } from './wait-for-http.js';

const UNPRIVILEGED = '65534:65534';
/**
 * nginx writes only in its config folder and its log folder (and /tmp). The logs live in memory,
 * and the engine charges their pages to the container: its memory limit is nginx's own 256 MiB
 * plus the log folder's size. 1 GiB holds the access and error log lines of a million requests
 * (about 300 bytes a request each).
 */
export const LOG_SPACE_BYTES = 1024 * 1024 * 1024;
const NGINX_MEMORY_BYTES = 256 * 1024 * 1024;
const tmpfs = (logSpaceBytes: number) => ({ [PATHS.nginxConfigDir]: 'rw,mode=1777,size=16m', [PATHS.nginxLogDir]: `rw,mode=1777,size=${logSpaceBytes}` });
/** less free log space than this after a variant: a line may not have fitted, so the logs are not trusted */
export const LOG_SPACE_MARGIN_KIB = 64;
/** the longest text Node can hold (V8's string limit, 2^29 - 24 one-byte characters) */
const MAX_TEXT_BYTES = 0x1fffffe8;
/** logs up to this size together come through the container's shell; larger ones stream through docker exec */
const SHELL_LOGS_MAX_BYTES = 4 * 1024 * 1024;
const LOG_SPACE_HINT = 'Bound the load by fewer requests or a shorter duration (nginx logs about 300 bytes a request, and an error line for each failed one), or split it across variants.';
/** the container's main process: a shell that runs what the runtime writes on its standard input (shell-channel.ts) */
const SHELL = ['sh', '-s'];
const READY_TIMEOUT_MS = 30_000;
/** stopping the previous master (at most 4 s), `nginx -t` and the start of a large config */
const SERVE_TIMEOUT_MS = 60_000;
/**
 * A container whose network namespace keeps more connections than this in TIME_WAIT (nginx closed
 * them in earlier variants; they last 60 s) is replaced rather than reused: they are never more than
 * 4% of the ephemeral ports a new connection can take.
 */
export const MAX_TIME_WAIT_FOR_REUSE = 1024;
/** past this count at the end of a variant (when its logs are read) the container is not kept: the count only grows until the next serve() */
export const MAX_TIME_WAIT_AFTER_VARIANT = MAX_TIME_WAIT_FOR_REUSE / 2;

export interface NginxContainerOptions {
  docker: Docker;
  runId: string;
  /** the environment label */
  lane: string;
  name: string;
  network: string;
  image: string;
  hostPort?: number;
  /** the size of the log folder (LOG_SPACE_BYTES when omitted) */
  logSpaceBytes?: number;
  /** files nginx reads besides its config (a front controller, the run's certificate), written as root before it starts */
  files?: readonly TarFile[];
  /** the variant's socket volume, mounted at each directory of a backend's unix socket */
  volume?: { name: string; targets: readonly string[] };
  /** readiness from the run's network, and no published port unless hostPort asks for one */
  probe?: NetworkProbe;
}

/**
 * The container's network namespace keeps too many closed connections (TIME_WAIT) from earlier
 * variants: a new container is needed so that they cannot take ephemeral ports from this one.
 */
export class ClosedConnectionsError extends Error {}

export class NginxContainer {
  private versionText?: Promise<string>;
  /** connections in TIME_WAIT in the container's network namespace at each reading of the logs, oldest first (the last two) */
  private timeWaits: number[] = [];

  private constructor(private readonly docker: Docker, readonly container: RunningContainer, readonly options: NginxContainerOptions, readonly address: string, private readonly shell: ShellChannel) {}

  static async create(options: NginxContainerOptions): Promise<NginxContainer> {
    const container = await runContainer(options.docker, {
      image: options.image,
      name: options.name,
      labels: labelsFor(options.runId, 'nginx', options.lane),
      network: options.network,
      user: UNPRIVILEGED,
      memoryBytes: NGINX_MEMORY_BYTES + (options.logSpaceBytes ?? LOG_SPACE_BYTES),
      // nginx writes error-log times in local time, without the zone; the series reads them as UTC
      // (nginx keeps TZ for its workers), whatever time zone the image sets.
      env: { TZ: 'UTC' },
      pidsLimit: 64,
      init: true,
      tmpfs: tmpfs(options.logSpaceBytes ?? LOG_SPACE_BYTES),
      command: SHELL,
      openStdin: true,
      ...(!options.probe || options.hostPort !== undefined ? { loopbackPorts: { [NGINX_PORT]: options.hostPort ?? 0 } } : {}),
      ...(options.files ? { files: options.files } : {}),
      ...(options.volume ? { volume: options.volume } : {}),
    });
    const shell = await ShellChannel.open(options.docker, container.id);
    if (options.probe && options.hostPort === undefined) return new NginxContainer(options.docker, container, options, `${container.name}:${NGINX_PORT}`, shell);
    const info = await options.docker.getContainer(container.id).inspect();
    const port = info.NetworkSettings.Ports?.[`${NGINX_PORT}/tcp`]?.find((b) => b.HostIp === '127.0.0.1')?.HostPort;
    if (!port) throw new Error(`nginx's port ${NGINX_PORT} is not published on 127.0.0.1`);
    return new NginxContainer(options.docker, container, options, `127.0.0.1:${port}`, shell);
  }

  /** nginx's URL: on 127.0.0.1 when published, else by its name on the run's network */
  urlFor(scheme: 'http' | 'https'): string {
    return `${scheme}://${this.address}`;
  }

  get id(): string {
    return this.container.id;
  }

  /**
   * A new master on this config: the previous one and all its workers gone first, `nginx -t`, logs
   * and temp folders emptied, then nginx started; resolves once it answers, with how long the check
   * took and what nginx printed. NginxConfigError when `nginx -t` rejects the config,
   * ClosedConnectionsError when the container must be replaced first.
   */
  async serve(config: string, scheme: 'http' | 'https' = 'http'): Promise<{ checkMs: number; output: string }> {
    const result = await this.shell.script(SERVE_SCRIPT, [String(MAX_TIME_WAIT_FOR_REUSE)], config, 'a new nginx master', SERVE_TIMEOUT_MS);
    const output = result.output.trim();
    if (result.code === SERVE_EXIT.configRejected) {
      if (/\[(emerg|alert|crit)\]|test failed/.test(output)) throw new NginxConfigError(result.output, config);
      throw new Error(`nginx -t: ${output || 'it printed nothing'}`);
    }
    if (result.code === SERVE_EXIT.tooManyClosed) throw new ClosedConnectionsError(output);
    if (result.code !== 0) throw new Error(`nginx did not start (exit ${result.code}): ${output || 'it printed nothing'}`);
    const alive = async () => {
      const master = await this.shell.script(MASTER_ALIVE_SCRIPT, [], undefined, 'whether nginx runs');
      return master.output.trim() === 'yes' ? undefined : `nginx exited; its error log ends:\n${(await this.readLogs()).error.trim().split('\n').slice(-10).join('\n')}`;
    };
    const { probe } = this.options;
    if (probe) await probe.waitForHttp(`${scheme}://${this.container.name}:${NGINX_PORT}${READY_PATH}`, READY_TIMEOUT_MS, alive, { host: READY_HOST });
    else await waitForHttp(`${this.urlFor(scheme)}${READY_PATH}`, READY_TIMEOUT_MS, alive, { host: READY_HOST });
    return { checkMs: checkMsOf(result.output) ?? 0, output: withoutCheckMs(result.output).trim() };
  }

  /** Reloads the running master with another config (`nginx -t` on it first); returns once nginx was told. */
  async reload(config: string): Promise<void> {
    const result = await this.shell.script(RELOAD_SCRIPT, [], config, 'nginx -s reload');
    if (result.code === 3) throw new Error(`reload: nginx -t rejected the new config: ${result.output.trim()}`);
    if (result.code !== 0) throw new Error(`reload: nginx -s reload failed: ${result.output.trim()}`);
  }

  version(): Promise<string> {
    this.versionText ??= this.shell.script('exec nginx -v', [], undefined, 'nginx -v').then((r) => /nginx\/([\w.]+)/.exec(r.output)?.[1] ?? 'unknown');
    return this.versionText;
  }

  /** nginx's logs; on the way, how many closed connections the network namespace keeps (see reusable()). */
  async readLogs(): Promise<NginxLogs> {
    const chunks: Buffer[] = [];
    this.checkLogSpace(await this.logsArchive(async (bytes) => void chunks.push(bytes)));
    const files = tarEntries(Buffer.concat(chunks));
    const text = (path: string) => {
      const bytes = files.get(basename(path));
      if (bytes && bytes.length > MAX_TEXT_BYTES) throw new LogSpaceError(`nginx's ${basename(path)} holds ${Math.round(bytes.length / 2 ** 20)} MiB, more than badgateway can read (${Math.round(MAX_TEXT_BYTES / 2 ** 20)} MiB).`, LOG_SPACE_HINT);
      return bytes?.toString('utf8') ?? '';
    };
    return { access: text(PATHS.accessLog), error: text(PATHS.errorLog) };
  }

  /**
   * Both logs as a tar archive, handed to onBytes, and the notes printed beside them (TCP counts,
   * log space): through the container's shell when they are small, else streamed through docker
   * exec (about 100 ms more here).
   */
  private async logsArchive(onBytes: (bytes: Buffer) => Promise<void>): Promise<string> {
    const result = await this.shell.script(SMALL_LOGS_SCRIPT, [String(SHELL_LOGS_MAX_BYTES)], undefined, "nginx's logs");
    if (result.code === SMALL_LOGS_TOO_BIG) return (await execStreaming(this.docker, this.id, ['sh', '-c', LOGS_SCRIPT], onBytes)).stderr;
    const mark = result.output.indexOf(`\n${LOGS_ARCHIVE_MARK}\n`);
    if (result.code !== 0 || mark < 0) throw new Error(`nginx's logs could not be read out of its container (exit ${result.code}): ${result.output.slice(0, 500).trim() || 'it printed nothing'}`);
    await onBytes(Buffer.from(result.output.slice(mark + LOGS_ARCHIVE_MARK.length + 2), 'base64'));
    return result.output.slice(0, mark);
  }

  /**
   * nginx's logs streamed into `dir` (access.log, error.log, each complete or not there) as they
   * leave the container, every line handed to onLine: memory stays flat whatever their size. The
   * same checks as readLogs(): a log space that filled fails with LogSpaceError.
   */
  async saveLogs(dir: string, onLine: (log: NginxLogName, line: string) => void): Promise<Record<NginxLogName, number>> {
    const logOf = new Map<string, NginxLogName>([[basename(PATHS.accessLog), 'access'], [basename(PATHS.errorLog), 'error']]);
    const sink = new LogFilesSink(dir, (file, line) => {
      const log = logOf.get(file);
      if (log) onLine(log, line);
    });
    const reader = new TarStreamReader(sink);
    let stderr: string;
    try {
      stderr = await this.logsArchive((bytes) => reader.push(bytes));
      if (!reader.complete) throw new Error("nginx's logs were cut off while they were read out of its container");
    } finally {
      await sink.discard();
    }
    this.checkLogSpace(stderr);
    return { access: sink.bytes.get(basename(PATHS.accessLog)) ?? 0, error: sink.bytes.get(basename(PATHS.errorLog)) ?? 0 };
  }

  /** Notes the TIME_WAIT count LOGS_SCRIPT printed; LogSpaceError when the log folder filled. */
  private checkLogSpace(stderr: string): void {
    const timeWait = timeWaitOf(stderr);
    if (timeWait !== undefined) this.timeWaits = [...this.timeWaits, timeWait].slice(-2);
    const space = logSpaceOf(stderr);
    if (space && space.freeKiB < LOG_SPACE_MARGIN_KIB) {
      throw new LogSpaceError(`nginx's log space (${space.totalKiB >= 1024 ? `${Math.round(space.totalKiB / 1024)} MiB` : `${space.totalKiB} KiB`}) filled during the variant: its access or error log may be missing lines, so nothing it counted can be trusted.`, LOG_SPACE_HINT);
    }
  }

  /** Empties both logs (nginx keeps writing to the same files). */
  async clearLogs(): Promise<void> {
    const result = await this.shell.script(`: > ${PATHS.accessLog}; : > ${PATHS.errorLog}`, [], undefined, "clearing nginx's logs");
    if (result.code !== 0) throw new Error(`could not clear nginx's logs: ${result.output.trim()}`);
  }

  /** the TIME_WAIT count at the last two readings of the logs, oldest first */
  get timeWaitReadings(): readonly number[] {
    return this.timeWaits;
  }

  /**
   * Whether the container can serve another variant: it (its init) still runs, was never
   * OOM-killed, and its network namespace did not keep too many closed connections when the logs
   * were last read (serve() checks that again, exactly, once nginx is stopped).
   */
  async reusable(): Promise<boolean> {
    if ((this.timeWaits.at(-1) ?? 0) > MAX_TIME_WAIT_AFTER_VARIANT) return false;
    const info = await this.docker.getContainer(this.id).inspect().catch(() => undefined);
    return !!info && info.State.Running && !info.State.Paused && !info.State.OOMKilled && info.RestartCount === 0;
  }
}
