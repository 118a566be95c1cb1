/**
 * A started scenario variant for a test to drive: nginx (at nginxUrl, on 127.0.0.1) in front of
 * the scenario's backends, each in its container on the variant's own network. The test sends
 * its own requests, reads what nginx logged (each error-log line classified by signature), acts
 * on the backends, and disposes of it (`await using`, or stop() in a finally) to remove every
 * container and the network.
 */
import type { AccessLogSummary, ContainerFacts, ErrorLogSummary } from '../observe/observation.js';

/** nginx's two logs as nginx wrote them. */
export interface NginxLogs {
  access: string;
  error: string;
}

/** What a test can do to a backend (a backend's name, or one replica's alias like "app-2"). */
export interface BackendAction {
  action: 'kill' | 'stop' | 'start' | 'restart' | 'pause' | 'unpause' | 'disconnect' | 'connect';
  target: string;
  /** kill: the signal (default SIGKILL) */
  signal?: 'SIGKILL' | 'SIGTERM' | 'SIGINT' | 'SIGQUIT';
  /** stop, restart: milliseconds between SIGTERM and SIGKILL (default 10000) */
  graceMs?: number;
}

export interface ScenarioEnvironment extends AsyncDisposable {
  readonly scenario: string;
  readonly variant: string;
  readonly nginxConfig: string;
  /** nginx's base URL on 127.0.0.1, e.g. http://127.0.0.1:32768 */
  readonly nginxUrl: string;
  /** the version nginx reports, e.g. "1.22.1" */
  nginxVersion(): Promise<string>;
  /** nginx's access and error logs so far, as nginx wrote them */
  logs(): Promise<NginxLogs>;
  /** nginx's error log so far: lines counted by signature id and level, unknown lines kept */
  errorLog(): Promise<ErrorLogSummary>;
  /** nginx's access log so far: statuses, upstream status sequences, upstream timings */
  accessLog(): Promise<AccessLogSummary>;
  /** empties nginx's logs, e.g. between two phases of a test */
  clearLogs(): Promise<void>;
  /** each container: running, exit code, OOM-killed, restarts, its last log lines */
  containers(): Promise<ContainerFacts[]>;
  /** kills, stops, starts, restarts, pauses, unpauses, disconnects or reconnects backends now */
  act(action: BackendAction): Promise<void>;
  /** removes every container and the network; safe to call twice */
  stop(): Promise<void>;
}
