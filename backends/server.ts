/**
 * The fake backend. Runs inside a container; the harness passes the behaviour as JSON in
 * BADGATEWAY_BEHAVIOR (validated against the scenario schema) and the replica name in
 * BADGATEWAY_INSTANCE. A control server on BADGATEWAY_CONTROL_PORT (which nginx does not proxy)
 * answers GET /stats with what was served and the CPU used. Lines the harness reads are marked
 * "badgateway-backend"; everything else on stdout is the application's own log. With BADGATEWAY_TLS
 * the behaviour is served over TLS (backends/tls).
 */
import express from 'express';
import type { RequestHandler } from 'express';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { implementationOf } from './behaviors/index.js';
import { RESETTABLE_BEHAVIORS } from './behaviors/resettable.js';
import type { Behavior } from './behaviors/schemas.js';
import type { BehaviorContext, ServedCounts } from './behaviors/behavior.js';
import { seededRandom, seedFromName } from './random.js';
import { createStalledHandshakeServer, createTlsServer, type BackendTlsConfig } from './tls/backend-tls.js';
import { createFastcgiBridge, type IdlePolicy } from './fastcgi/fastcgi-bridge.js';
import { parseDurationMs } from '../harness/scenario/units.js';
import { serviceListenerOf, type ServiceListener } from './service-listener.js';

const port = Number(process.env.BADGATEWAY_PORT ?? 8080);
const controlPort = Number(process.env.BADGATEWAY_CONTROL_PORT ?? 9090);
const instance = process.env.BADGATEWAY_INSTANCE ?? 'backend';
/** the behaviour served now: the one the process started with, or the last a reset brought */
let behavior = JSON.parse(process.env.BADGATEWAY_BEHAVIOR ?? '{"kind":"ok","status":200,"body_bytes":2}') as Behavior;
/** TLS in front of the behaviour (upstream TLS scenarios); plain HTTP when absent */
const tls = process.env.BADGATEWAY_TLS ? (JSON.parse(process.env.BADGATEWAY_TLS) as BackendTlsConfig) : undefined;

const protocol = process.env.BADGATEWAY_PROTOCOL === 'fastcgi' ? 'fastcgi' : 'http';
/** behaviours that are about the listener itself (nothing listens, nothing is accepted): no transport in front */
const LISTENER_BEHAVIORS: ReadonlySet<string> = new Set(['backlog-full', 'refused']);
const bridged = protocol === 'fastcgi' && !LISTENER_BEHAVIORS.has(behavior.kind);
/** with the FastCGI transport, the behaviour's own HTTP server listens here, on loopback */
const BEHAVIOR_PORT_BEHIND_FASTCGI = port + 1;

const stamp = () => new Date().toISOString();
/** what the stats report: the connections and requests nginx made on the service port */
const counts: ServedCounts = { connections: 0, requests: 0 };
let announced = false;
const announce = () => {
  if (announced) return;
  announced = true;
  process.stdout.write(`${stamp()} badgateway-backend ${instance} listening on :${port} behavior=${behavior.kind} protocol=${protocol}\n`);
};
const newRandom = () => seededRandom(seedFromName(instance));
let random = newRandom();
const context: BehaviorContext = {
  instance,
  port: bridged ? BEHAVIOR_PORT_BEHIND_FASTCGI : port,
  random: () => random(),
  log: (message) => process.stdout.write(`${stamp()} ${instance} ${message}\n`),
  // Behind the FastCGI transport the behaviour sees one connection per request: the bridge counts.
  counts: bridged ? { connections: 0, requests: 0 } : counts,
  ready: () => onListening(),
  onClose: (release) => releases.push(release),
};
/** what the current behaviour holds beside its listener, released when a reset closes it */
let releases: (() => void)[] = [];
/** what happens once the behaviour's listener listens: the backend announced at start, a reset answered after one */
let onListening: () => void = bridged ? () => void createFastcgiBridge({ behaviorPort: BEHAVIOR_PORT_BEHIND_FASTCGI, counts, ...idlePolicyOf(behavior) }).listen(port, announce) : announce;

/** keepalive-close over FastCGI: the bridge closes kept connections as the behaviour would. */
function idlePolicyOf(b: Behavior): { idle?: IdlePolicy } {
  if (b.kind !== 'keepalive-close') return {};
  const dropAfterMs = b.drop_idle_after === undefined ? undefined : parseDurationMs(b.drop_idle_after)!;
  return { idle: { idleMs: parseDurationMs(b.idle_timeout)!, closeWith: b.close_with, ...(dropAfterMs !== undefined ? { dropAfterMs } : {}) } };
}

let implementation = implementationOf(behavior);
let handler: RequestHandler | undefined;
/** the HTTP server in front of a request-handler behaviour (none when the behaviour takes the port itself) */
let server: Server | undefined;
/** the listener serving the behaviour now, which a reset closes before the next one starts */
let service: ServiceListener | undefined;
let inFlight = 0;

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    const cpu = process.cpuUsage();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return void res.end(JSON.stringify({ instance, ...counts, cpuMicros: cpu.user + cpu.system, uptimeMs: Math.round(process.uptime() * 1000) }));
  }
  if (req.method === 'POST' && req.url === '/behavior') return void switchBehavior(req, res);
  if (req.method === 'POST' && req.url === '/reset') return void readBody(req, (body) => reset(res, body));
  res.writeHead(404).end();
}).listen(controlPort);

/**
 * Back to the state of a new process, for the next variant (behaviours whose state is all in their
 * listener and its connections): the listener closed with every connection (requests in flight end
 * with it), then the behaviour started again as a new process would start it, with a new handler
 * or listener, a new random sequence and the counters at zero. With a behaviour in the body
 * (another resettable one), the process serves that one from now on. Answered once it listens.
 */
function reset(res: ServerResponse, body: string): void {
  const next = body.trim() === '' ? behavior : (JSON.parse(body) as Behavior);
  // Behind the FastCGI transport the bridge holds connections and counts of its own: not reset here.
  if (!RESETTABLE_BEHAVIORS.has(behavior.kind) || !RESETTABLE_BEHAVIORS.has(next.kind) || !service || bridged || tls?.handshake === 'stall') {
    return void res.writeHead(409).end(`a ${behavior.kind} backend over ${protocol} cannot be reset in place${next.kind !== behavior.kind ? ` into ${next.kind}` : ''}\n`);
  }
  const closing = service;
  service = undefined;
  void closing.close().then(() => {
    releases.splice(0).forEach((release) => release());
    behavior = next;
    implementation = implementationOf(next);
    random = newRandom();
    counts.connections = 0;
    counts.requests = 0;
    onListening = () => {
      process.stdout.write(`${stamp()} badgateway-backend ${instance} reset behavior=${behavior.kind}\n`);
      res.writeHead(204).end();
    };
    service = serve();
  });
}

function readBody(req: IncomingMessage, then: (body: string) => void): void {
  let body = '';
  req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
  req.on('end', () => then(body));
}

/** A new behaviour at run time (chaos set-behavior): handler behaviours only. */
function switchBehavior(req: IncomingMessage, res: ServerResponse): void {
  readBody(req, (body) => {
    const next = JSON.parse(body) as Behavior;
    const nextImplementation = implementationOf(next);
    if (!handler || !nextImplementation.handler) {
      return void res.writeHead(409).end(`cannot switch from ${behavior.kind} to ${next.kind} at run time: both must be request-handler behaviours\n`);
    }
    handler = nextImplementation.handler(next, context);
    process.stdout.write(`${stamp()} badgateway-backend ${instance} behavior=${next.kind}\n`);
    res.writeHead(204).end();
  });
}

/** The express app in front of request-handler behaviours: it counts, then hands over to the current handler. */
const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use((_req, res, next) => {
  context.counts.requests++;
  inFlight++;
  res.on('close', () => inFlight--);
  next();
});
app.use((req, res, next) => (handler ? handler(req, res, next) : next()));

/** Starts the current behaviour on the service port: its own listener, or an HTTP server (with Node's settings) in front of its handler. */
function serve(): ServiceListener | undefined {
  if (implementation.start) {
    handler = undefined;
    server = undefined;
    return implementation.start(behavior, context) as ServiceListener | undefined;
  }
  handler = implementation.handler?.(behavior, context);
  server = tls ? createTlsServer(tls, app) : createServer(app);
  server.on('connection', () => context.counts.connections++);
  const listener = serviceListenerOf(server);
  implementation.configureServer?.(server, behavior, context);
  server.listen(context.port, context.ready);
  return listener;
}

if (tls?.handshake === 'stall') {
  // the behaviour never sees a request: no handshake ever completes
  createStalledHandshakeServer(() => counts.connections++).listen(port, context.ready);
} else {
  service = serve();
}

/**
 * SIGTERM: abrupt (the default) exits at once, dropping requests in flight, as many apps do;
 * graceful stops accepting, closes idle keep-alive connections, lets requests in flight finish,
 * then exits (Docker's stop grace period is the bound).
 */
const graceful = process.env.BADGATEWAY_SHUTDOWN === 'graceful';
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (!graceful || !server) return process.exit(0);
    context.log(`${signal} received: draining ${inFlight} request(s) in flight`);
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setInterval(() => server!.closeIdleConnections(), 50).unref();
  });
}
