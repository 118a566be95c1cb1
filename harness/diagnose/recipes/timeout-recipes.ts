/** Recipes for the timeout causes: read timeout below latency, slowing backend, app-server timeout, connect, send. */
import { fixed, reproduces, type RecipeBook, type RecipeContext } from './recipe.js';

const READ = 'upstream-timed-out-reading-header';
const CLOSED = 'upstream-prematurely-closed-header';

/** Long enough for every connection to send at least one request; the ones in flight are awaited. */
function loadFor(ctx: RecipeContext, requestMs: number, connections = 8) {
  return { connections, duration: ctx.dur(Math.max(2000, Math.min(2 * requestMs, 10_000))) };
}

export const timeoutRecipes: RecipeBook = {
  'timeout-below-latency': (ctx) => {
    const latencyMs = 2 * ctx.readMs;
    return {
      summary: `Diagnosed: proxy_read_timeout ${ctx.dur(ctx.readMs)} is below the backend's real latency, so nginx gives up on every slow request with a 504 "upstream timed out ... while reading response header". The backend's real latency is unknown (nginx never waited for it); here it takes twice the timeout. Fix: a proxy_read_timeout above that latency, or a faster backend.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'slow', delay: ctx.delay(latencyMs) } }],
      load: loadFor(ctx, ctx.readMs),
      variants: [
        { name: 'as-diagnosed', summary: `The backend answers after ${ctx.delay(latencyMs)}; nginx waits ${ctx.dur(ctx.readMs)}.`, expect: reproduces({ '504': '>= 90%' }, [READ]) },
        {
          name: 'fix-read-timeout-above-latency',
          summary: 'proxy_read_timeout 1.5 times the latency lets every answer through.',
          nginx: { proxy_read_timeout: ctx.dur(1.5 * latencyMs) },
          expect: fixed([READ]),
        },
        {
          name: 'fix-faster-backend',
          summary: 'The backend answers in half the timeout.',
          backends: { app: { behavior: { kind: 'slow', delay: ctx.delay(ctx.readMs / 2) } } },
          expect: fixed([READ]),
        },
      ],
    };
  },

  'slowing-backend': (ctx) => {
    const ok = ctx.diagnosis.upstreamTimings?.okHeader;
    const medianMs = ok && ok.count > 0 ? Math.max(1, ok.p50Ms) : ctx.readMs / 2;
    const p99Ms = Math.max(medianMs, ok && ok.count > 0 ? ok.p99Ms : 0, 1.5 * ctx.readMs);
    const healthyP99Ms = Math.max(medianMs, ctx.readMs / 2);
    return {
      summary: `Diagnosed: the backend's latency spreads up to proxy_read_timeout ${ctx.dur(ctx.readMs)} (median ${ctx.delay(medianMs)}, its tail past the timeout), so the slowest requests end in 504. Fix: find what slows the backend; a timeout above the tail only hides it.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'slow', median: ctx.delay(medianMs), p99: ctx.delay(p99Ms) } }],
      load: { connections: 16, requests: 200 },
      variants: [
        { name: 'as-diagnosed', summary: 'Latency with a tail beyond the timeout.', expect: reproduces({ '504': '>= 1' }, [READ]) },
        {
          name: 'fix-backend-recovered',
          summary: `The same median with the tail back under half the timeout (p99 ${ctx.delay(healthyP99Ms)}).`,
          backends: { app: { behavior: { kind: 'slow', median: ctx.delay(medianMs), p99: ctx.delay(healthyP99Ms) } } },
          expect: fixed([READ], { '504': '<= 1%' }),
        },
        {
          name: 'mitigate-timeout-above-tail',
          summary: 'proxy_read_timeout above the tail: no 504, but the slow requests stay slow.',
          nginx: { proxy_read_timeout: ctx.dur(2 * p99Ms) },
          expect: fixed([READ], { '504': '<= 1%' }),
        },
      ],
    };
  },

  'app-server-timeout': (ctx) => {
    const failed = ctx.diagnosis.upstreamTimings?.failed502;
    const killMs = failed && failed.count > 0 ? failed.p50Ms : ctx.readMs;
    const latencyMs = 2 * killMs;
    const signature = killMs < 0.95 * ctx.readMs ? [CLOSED] : [];
    return {
      summary: `Diagnosed: the app server's own request timeout (~${ctx.delay(killMs)}) kills slow requests and closes their connections: 502 "upstream prematurely closed connection", nginx's proxy_read_timeout ${ctx.dur(ctx.readMs)}. Fix: the app's timeout above its slow requests' latency and nginx's above the app's.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'slow', delay: ctx.delay(latencyMs), worker_timeout: ctx.delay(killMs) } }],
      load: loadFor(ctx, killMs),
      variants: [
        { name: 'as-diagnosed', summary: `Requests take ${ctx.delay(latencyMs)}; the app kills them after ${ctx.delay(killMs)}.`, expect: reproduces({ '5xx': '>= 90%' }, signature) },
        {
          name: 'fix-timeouts-ordered',
          summary: "The app's timeout above the latency, nginx's above the app's.",
          nginx: { proxy_read_timeout: ctx.dur(Math.max(ctx.readMs, 2 * latencyMs)) },
          backends: { app: { behavior: { kind: 'slow', delay: ctx.delay(latencyMs), worker_timeout: ctx.delay(1.5 * latencyMs) } } },
          expect: fixed([CLOSED, READ]),
        },
      ],
    };
  },

  'connect-timeout': (ctx) => {
    const stuckServers = ctx.diagnosis.perUpstream.filter((r) => (r.signatures['upstream-timed-out-connecting'] ?? 0) > 0).length;
    const mixed = ctx.servers > 1 && stuckServers < ctx.servers;
    const id = 'upstream-timed-out-connecting';
    const fastConnect = ctx.dur(Math.min(ctx.connectMs, 1000));
    return {
      summary: `Diagnosed: ${mixed ? 'a server' : 'the backend'} does not accept connections (accept queue full: SYNs dropped), so nginx's connect times out after proxy_connect_timeout ${ctx.dur(ctx.connectMs)} with 504. Fix: ${mixed ? 'a short connect timeout retried on the healthy servers' : 'a backend that accepts'}.`,
      backends: mixed
        ? [{ name: 'app', replicas: Math.max(1, ctx.servers - stuckServers), behavior: { kind: 'ok' } }, { name: 'stuck', replicas: Math.max(1, stuckServers), behavior: { kind: 'backlog-full', backlog: 1 } }]
        : [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'backlog-full', backlog: 1 } }],
      load: loadFor(ctx, ctx.connectMs),
      variants: [
        { name: 'as-diagnosed', summary: 'Connections to the stuck server time out.', expect: { error_log: { [id]: '>= 1' }, status: { '504': '>= 1' } } },
        mixed
          ? { name: 'fix-retry-and-mark-down', summary: 'A short connect timeout, retried on a healthy server, and max_fails to skip the stuck one.', nginx: { proxy_connect_timeout: fastConnect, proxy_next_upstream: 'error timeout', max_fails: 1, fail_timeout: '10s' }, expect: { status: { '5xx': 0 } } }
          : { name: 'fix-backend-accepts', summary: 'A backend that accepts its connections.', backends: { app: { behavior: { kind: 'ok' } } }, expect: fixed([id]) },
      ],
    };
  },

  'send-timeout': (ctx) => {
    const id = 'upstream-timed-out-sending';
    return {
      summary: `Diagnosed: the backend does not read request bodies, so nginx's write stalls and proxy_send_timeout ${ctx.dur(ctx.sendMs)} ends it with a 504. Uploads of 16 MiB (more than the socket buffers hold) reproduce it. Fix: a backend that reads the body.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'no-read-body' } }],
      params: { client_max_body_size: '16m' },
      load: { connections: 4, duration: ctx.dur(Math.max(1500, Math.min(2 * ctx.sendMs, 10_000))), method: 'POST', body_bytes: 16_777_216 },
      variants: [
        { name: 'as-diagnosed', summary: 'The backend never reads the upload.', expect: reproduces({ '504': '>= 90%' }, [id]) },
        { name: 'fix-backend-reads-body', summary: 'The backend reads the body as it arrives.', backends: { app: { behavior: { kind: 'no-read-body', read_after: '0ms' } } }, expect: fixed([id]) },
      ],
    };
  },
};
