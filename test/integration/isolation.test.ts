/**
 * Containers kept from one variant to the next carry nothing of it over. Environment A leaves
 * every kind of state real nginx and backends keep: an idle client keep-alive connection, pooled
 * upstream connections, a server marked down in an upstream `zone` (shared memory that survives an
 * nginx reload), limit_req counters in their zone, log lines, backend counters, a paused replica.
 * Environment B, with an equal spec, must see none of it, while it did reuse the containers.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlans } from '../../harness/cli/load-plans.js';
import { resolveImages } from '../../harness/config/images.js';
import { ACCESS_LOG_FORMAT } from '../../harness/nginx/access-log-format.js';
import type { ContainerEvent } from '../../harness/observe/observation.js';
import { execIn } from '../../harness/runtime/container-exec.js';
import { DockerRuntime } from '../../harness/runtime/docker-runtime.js';
import { PATHS, type BackendInstanceSpec, type NginxLogs, type ServedSnapshot, type StartedEnvironment } from '../../harness/runtime/runtime.js';
import { BACKEND_BUNDLE, docker, labelled, requireBuild, waitFor } from './support.js';

const runId = `test-isolation-${process.pid}`;
const REQUESTS = 12;

const CONFIG = `
worker_processes 1;
pid /tmp/nginx.pid;
error_log ${PATHS.errorLog} warn;
events { worker_connections 256; }
http {
    ${ACCESS_LOG_FORMAT}
    access_log ${PATHS.accessLog} badgateway;
    client_body_temp_path /tmp/nginx-client-body;
    proxy_temp_path /tmp/nginx-proxy;
    fastcgi_temp_path /tmp/nginx-fastcgi;
    uwsgi_temp_path /tmp/nginx-uwsgi;
    scgi_temp_path /tmp/nginx-scgi;
    limit_req_zone $binary_remote_addr zone=perclient:1m rate=1r/m;
    upstream backend {
        zone backend 64k;
        server app-1:8080 max_fails=1 fail_timeout=60s;
        server app-2:8080 max_fails=1 fail_timeout=60s;
        server gone-1:8080 max_fails=1 fail_timeout=60s;
        keepalive 8;
    }
    server {
        listen 8080;
        keepalive_timeout 300s;
        location = /__badgateway/ready { access_log off; return 200 "ready\\n"; }
        # limit_req runs after the rewrite phase: a proxied location, not a return.
        location = /limited { limit_req zone=perclient nodelay; proxy_pass http://app-1:8080; }
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
`;

interface Seen {
  statuses: number[];
  limited: number[];
  logs: NginxLogs;
  servedAtStart: Record<string, ServedSnapshot | null>;
  servedAtEnd: Record<string, ServedSnapshot | null>;
  events: ContainerEvent[];
  master: string;
  names: string[];
  reused: { nginx: boolean; backends: number };
}

let backends: BackendInstanceSpec[] = [];
const runtime = new DockerRuntime({ docker, runId, images: resolveImages(process.env), backendBundle: BACKEND_BUNDLE });
let a: Seen;
let b: Seen;
let idleClient: { socket: Socket };
let masterAAliveInB = true;

async function drive(environment: StartedEnvironment): Promise<Pick<Seen, 'statuses' | 'limited'>> {
  const statuses: number[] = [];
  for (let i = 0; i < REQUESTS; i++) statuses.push((await fetch(`${environment.nginxUrl}/`)).status);
  const limited: number[] = [];
  for (let i = 0; i < 2; i++) limited.push((await fetch(`${environment.nginxUrl}/limited`)).status);
  return { statuses, limited };
}

async function masterPid(nginxId: string): Promise<string> {
  return (await execIn(docker, nginxId, ['cat', '/tmp/nginx.pid'])).stdout.trim();
}

async function nginxIdOf(): Promise<string> {
  const [c] = await docker.listContainers({ filters: { label: [`io.badgateway.run=${runId}`, 'io.badgateway.role=nginx'] } });
  return c!.Id;
}

async function observe(environment: StartedEnvironment, during?: (nginxId: string) => Promise<void>): Promise<Seen> {
  const nginxId = await nginxIdOf();
  const servedAtStart = await environment.served();
  const recorder = await environment.recordEvents();
  const driven = await drive(environment);
  const master = await masterPid(nginxId);
  const logs = await environment.readLogs();
  const servedAtEnd = await environment.served();
  await during?.(nginxId);
  const events = recorder.stop(Date.now());
  const names = (await environment.facts()).map((f) => f.name).sort();
  return { ...driven, logs, servedAtStart, servedAtEnd, events, master, names, reused: environment.startTimings.reused };
}

/** A keep-alive connection that made one request and stays open (nginx keeps it 300 s). */
function openIdleClient(url: string): Promise<{ socket: Socket }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`GET /limited HTTP/1.1\r\nHost: x\r\n\r\n`));
    socket.once('data', () => resolve({ socket }));
    socket.once('error', reject);
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

beforeAll(async () => {
  requireBuild();
  const [plan] = await loadPlans(['test/fixtures/scenarios/isolation/state.yaml']);
  backends = plan!.backends;
  const spec = { label: 'isolation', backends, nginxConfig: CONFIG };

  const environmentA = await runtime.start(spec);
  try {
    a = await observe(environmentA, async () => {
      idleClient = await openIdleClient(environmentA.nginxUrl);
      await environmentA.act({ name: 'freeze', action: 'pause', target: 'app-2', signal: 'SIGKILL', graceMs: 0 });
    });
  } finally {
    await environmentA.stop();
  }

  const environmentB = await runtime.start(spec);
  try {
    b = await observe(environmentB);
    masterAAliveInB = (await execIn(docker, await nginxIdOf(), ['sh', '-c', `kill -0 ${a.master} 2>/dev/null && echo alive || echo gone`])).stdout.trim() === 'alive';
  } finally {
    await environmentB.stop();
  }
}, 120_000);

afterAll(async () => {
  idleClient?.socket.destroy();
  await runtime.dispose();
  expect(await labelled({ runId })).toEqual({ containers: [], networks: [], volumes: [] });
});

describe('an environment with an equal spec, after one that left state everywhere', () => {
  it('reused the nginx container and the healthy backend (and replaced the paused and the refusing ones)', () => {
    expect(a.reused).toEqual({ nginx: false, backends: 0 });
    expect(b.reused).toEqual({ nginx: true, backends: 1 });
    const kept = a.names.filter((n) => b.names.includes(n));
    expect(kept.some((n) => n.endsWith('-nginx'))).toBe(true);
    expect(kept.filter((n) => /-app-\d$/.test(n))).toEqual([a.names.find((n) => n.endsWith('-app-1'))]);
  });

  it('runs a new nginx master: the previous one and its workers are gone, its idle client connection closed', async () => {
    expect(b.master).not.toBe(a.master);
    expect(masterAAliveInB).toBe(false);
    await waitFor('the idle keep-alive connection of the first environment to be closed', () => idleClient.socket.closed, 2_000);
  });

  it('forgets the server the upstream zone had marked down, and limit_req counters', () => {
    for (const seen of [a, b]) {
      expect(seen.statuses).toEqual(Array.from({ length: REQUESTS }, () => 200));
      expect(lines(seen.logs.error).filter((l) => l.includes('connect() failed (111: Connection refused)'))).toHaveLength(1);
      expect(lines(seen.logs.error).filter((l) => l.includes('upstream server temporarily disabled'))).toHaveLength(1);
      expect(seen.limited).toEqual([200, 503]);
    }
  });

  it('reads only its own log lines', () => {
    expect(lines(a.logs.access)).toHaveLength(REQUESTS + 2);
    // B's own requests only: not A's, nor the one A's idle client made after A's logs were read.
    expect(lines(b.logs.access)).toHaveLength(REQUESTS + 2);
    expect(lines(b.logs.error).filter((l) => / \[(error|warn)\] /.test(l))).toHaveLength(lines(b.logs.error).length);
  });

  it('starts the kept backend from zero and makes its own upstream connections', () => {
    expect(b.servedAtStart['app-1']).toMatchObject({ requests: 0, connections: 0 });
    expect(b.servedAtEnd['app-1']!.requests).toBeGreaterThan(0);
    expect(b.servedAtEnd['app-1']!.connections).toBeGreaterThanOrEqual(1);
    expect(b.servedAtEnd['app-2']!.requests).toBeGreaterThan(0);
  });

  it('hears no engine event of the first environment (its paused replica removed, its refusing one replaced)', () => {
    expect(b.events).toEqual([]);
  });
});
