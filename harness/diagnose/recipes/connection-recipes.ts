/** Recipes for closed, reset and refused connections: keep-alive race, crash, resets, restart, down, max_fails cascade. */
import { fixed, reproduces, type RecipeBook } from './recipe.js';

const CLOSED = 'upstream-prematurely-closed-header';
const REFUSED = 'connect-refused';
const NO_LIVE = 'no-live-upstreams';

export const connectionRecipes: RecipeBook = {
  'keepalive-race': (ctx) => {
    const s = ctx.settings;
    const keepalive = s.keepalive.value > 0 ? Math.min(s.keepalive.value, 10_000) : 16;
    const nginxIdleMs = s.keepaliveTimeoutMs.value;
    return {
      summary: `Diagnosed: the backend closes idle upstream keep-alive connections while nginx still reuses them (nginx keepalive_timeout ${ctx.dur(nginxIdleMs)}), so a request sent on a closing connection fails with "upstream prematurely closed connection"; GETs are retried unseen, POSTs become 502. Here every request on a connection idle for 300 ms is dropped, to make the race certain. Fix: a backend idle timeout above nginx's keepalive_timeout, or (for requests safe to repeat) proxy_next_upstream non_idempotent.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'keepalive-close', drop_idle_after: '300ms' } }],
      params: { keepalive, keepalive_timeout: ctx.dur(nginxIdleMs) },
      load: { connections: 8, rate: 80, duration: '2500ms', method: 'POST', body: '{"diagnosed":true}', headers: { 'content-type': 'application/json' } },
      variants: [
        { name: 'as-diagnosed', summary: 'POSTs on dropped connections are not retried: 502.', expect: reproduces({ '502': '>= 1' }, [CLOSED]) },
        {
          name: 'fix-backend-idle-timeout-above-nginx',
          summary: "The backend keeps idle connections longer than nginx's keepalive_timeout, so nginx always closes first.",
          backends: { app: { behavior: { kind: 'keepalive-close', idle_timeout: ctx.dur(Math.min(3_600_000, Math.max(2 * nginxIdleMs, 3000))) } } },
          expect: fixed([CLOSED]),
        },
        {
          name: 'fix-retry-non-idempotent',
          summary: 'proxy_next_upstream with non_idempotent resends the POST on a new connection (only when it is safe to repeat).',
          nginx: { proxy_next_upstream: 'error timeout non_idempotent' },
          expect: { status: { '5xx': 0 } },
        },
      ],
    };
  },

  'backend-crash': (ctx) => ({
    summary: 'Diagnosed: the backend process dies with requests in flight (an uncaught exception, or the kernel\'s OOM killer) and is restarted: "upstream prematurely closed connection", resets, then refused connections while it is down, all 502. Here it crashes on every sixth request after each start. Fix: find why it dies (exit code, OOMKilled); several replicas with retries hide single crashes from idempotent requests.',
    backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'crash', after_requests: 5, point: 'before-headers' }, restart: 'on-failure' }],
    defaults: { fail_timeout: '1s', proxy_next_upstream: 'off' },
    load: { connections: 8, duration: '3s', rate: 100 },
    variants: [
      { name: 'as-diagnosed', summary: 'Crashes with requests in flight, no retries.', expect: reproduces({ '502': '>= 1' }, [CLOSED]) },
      { name: 'fix-backend-stable', summary: 'The backend no longer crashes.', backends: { app: { behavior: { kind: 'ok' }, restart: 'no' } }, expect: fixed([CLOSED]) },
    ],
    notes: ['an OOM kill looks the same in nginx\'s logs; kind oom with a memory limit reproduces that variant of it'],
  }),

  'backend-resets': (ctx) => ({
    summary: 'Diagnosed: the backend (or something between) resets connections before answering: 502 "recv() failed (104: Connection reset by peer)". Fix: find what resets.',
    backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'reset' } }],
    load: { connections: 8, duration: '2s' },
    variants: [
      { name: 'as-diagnosed', summary: 'Every connection is reset.', expect: { status: { '502': '>= 1' } } },
      { name: 'fix-backend-answers', summary: 'The backend answers.', backends: { app: { behavior: { kind: 'ok' } } }, expect: { status: { '5xx': 0 } } },
    ],
  }),

  'backend-restart': (ctx) => {
    const replicas = Math.max(2, ctx.servers);
    return {
      summary: 'Diagnosed: the backend was away for a few seconds (a restart, a deploy, a crash with a restart policy): connect() refused in a brief storm, 502, then it answered again. Here the backend is restarted under load. Fix: several servers with retries, and deploys that overlap.',
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'ok' } }],
      defaults: { proxy_next_upstream: 'off' },
      load: { connections: 8, duration: '5s' },
      chaos: [{ name: 'outage', at: '1500ms', action: 'restart', target: 'app', grace: '0s' }],
      variants: [
        { name: 'as-diagnosed', summary: 'Every replica restarts at once; requests meanwhile fail.', expect: { status: { '502': '>= 1' } } },
        {
          name: 'fix-replicas-and-retries',
          summary: `${replicas} replicas, one restarted at a time, and proxy_next_upstream error timeout resending to the others.`,
          nginx: { proxy_next_upstream: 'error timeout' },
          backends: { app: { replicas } },
          chaos: [{ name: 'outage', at: '1500ms', action: 'restart', target: 'app-1', grace: '0s' }],
          expect: { status: { '5xx': '<= 1%' } },
        },
      ],
    };
  },

  'backend-stall': (ctx) => {
    // longer than proxy_read_timeout, so that the requests waiting on it time out as in the log
    const freezeMs = Math.max(2000, 1.5 * ctx.readMs + 1000);
    ctx.delay(freezeMs);
    const replicas = Math.max(2, ctx.servers);
    return {
      summary: `Diagnosed: the backend stalled (a GC pause, a frozen VM or container) and every request waiting on it ended in a 504 after proxy_read_timeout ${ctx.dur(ctx.readMs)}, then it answered again. Here it is paused for ${ctx.dur(freezeMs)}, longer than the timeout. Fix: find the stall; with several servers and proxy_next_upstream timeout the waiting requests go to a healthy one.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'ok' } }],
      ...(ctx.servers > 1 ? {} : { defaults: { proxy_next_upstream: 'off' } }),
      load: { connections: 8, duration: ctx.dur(1000 + freezeMs + ctx.readMs + 2000) },
      chaos: [{ name: 'freeze', at: '1s', action: 'pause', target: 'app' }, { name: 'thaw', at: ctx.dur(1000 + freezeMs), action: 'unpause', target: 'app' }],
      variants: [
        { name: 'as-diagnosed', summary: `The backend is frozen for ${ctx.dur(freezeMs)}, nginx waits ${ctx.dur(ctx.readMs)}.`, expect: reproduces({ '504': '>= 1' }, ['upstream-timed-out-reading-header']) },
        {
          name: 'fix-replicas-and-retries',
          summary: `${replicas} replicas, one frozen, and proxy_next_upstream error timeout resending the waiting requests.`,
          nginx: { proxy_next_upstream: 'error timeout' },
          backends: { app: { replicas } },
          chaos: [{ name: 'freeze', at: '1s', action: 'pause', target: 'app-1' }, { name: 'thaw', at: ctx.dur(1000 + freezeMs), action: 'unpause', target: 'app-1' }],
          expect: { status: { '5xx': 0 } },
        },
      ],
    };
  },

  'backend-down': (ctx) => ({
    summary: 'Diagnosed: nothing listens on the backend address (process not running, wrong port): every attempt ends in connect() refused, 502. Fix: start it, or point the upstream at the right port.',
    backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'refused' } }],
    load: { connections: 8, duration: '2s' },
    variants: [
      { name: 'as-diagnosed', summary: 'Nothing listens.', expect: reproduces({ '502': '>= 90%' }, [REFUSED]) },
      { name: 'fix-backend-listens', summary: 'The backend listens and answers.', backends: { app: { behavior: { kind: 'ok' } } }, expect: fixed([REFUSED]) },
    ],
  }),

  'max-fails-cascade': (ctx) => {
    const s = ctx.settings;
    const timeouts = (ctx.diagnosis.errorLog.signatures['upstream-timed-out-reading-header'] ?? 0) > 0;
    const readMs = Math.min(ctx.readMs, 150);
    const behavior = timeouts ? { kind: 'slow', median: ctx.delay(readMs / 8), p99: ctx.delay(2 * readMs) } : { kind: 'crash', probability: 0.05, point: 'before-headers' };
    return {
      summary: `Diagnosed: failures (${timeouts ? 'read timeouts' : 'crashes'}) marked every server down for fail_timeout (max_fails ${s.maxFails.value}), and nginx answered the rest at once with 502 "no live upstreams" though the backends were mostly fine. Fix: max_fails 0 (or sized for the traffic) so rare failures do not take servers out.`,
      backends: [{ name: 'app', replicas: Math.max(2, ctx.servers), behavior, ...(timeouts ? {} : { restart: 'on-failure' as const }) }],
      params: { ...(timeouts ? { proxy_read_timeout: ctx.dur(readMs) } : {}), max_fails: Math.max(1, s.maxFails.value), fail_timeout: ctx.dur(s.failTimeoutMs.value) },
      load: { connections: 16, rate: 200, duration: '2s' },
      variants: [
        { name: 'as-diagnosed', summary: 'Rare failures mark the servers down; then no live upstreams.', expect: reproduces({ '502': '>= 1' }, [NO_LIVE]) },
        { name: 'fix-max-fails-0', summary: 'Servers are never marked down.', nginx: { max_fails: 0 }, expect: { error_log: { [NO_LIVE]: 0 } } },
      ],
      notes: timeouts ? [`the read timeout is ${ctx.dur(readMs)} here (yours: ${ctx.dur(ctx.readMs)}), short enough for a few seconds of load to trip max_fails`] : [],
    };
  },
};
