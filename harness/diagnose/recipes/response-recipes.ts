/** Recipes for what the backend sends, and for nginx's own limits. */
import { formatSize } from '../nginx-settings.js';
import { fixed, reproduces, type Fields, type Recipe, type RecipeBook } from './recipe.js';

export const responseRecipes: RecipeBook = {
  'header-too-big': (ctx) => {
    const buffer = ctx.settings.proxyBufferSizeBytes.value;
    const header = Math.ceil((1.5 * buffer) / 1024) * 1024;
    const id = 'upstream-too-big-header';
    const fix = 2 * buffer;
    return {
      summary: `Diagnosed: the backend's response header is larger than proxy_buffer_size (${formatSize(buffer)}): 502 "upstream sent too big header". Here a ${formatSize(header)} Set-Cookie. Fix: a proxy_buffer_size that holds the whole header, or smaller headers.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'big-header', header: 'Set-Cookie', value_bytes: formatSize(header) } }],
      load: { connections: 8, duration: '2s' },
      variants: [
        { name: 'as-diagnosed', summary: `A ${formatSize(header)} header against a ${formatSize(buffer)} buffer.`, expect: reproduces({ '502': '>= 90%' }, [id]) },
        { name: 'fix-larger-proxy-buffer-size', summary: `proxy_buffer_size ${formatSize(fix)} holds the header.`, nginx: { proxy_buffer_size: formatSize(fix) }, expect: fixed([id]) },
      ],
      notes: fix >= 16_384 ? ['nginx 1.22 rejects a proxy_buffer_size of 16k or more unless proxy_buffers (or proxy_busy_buffers_size) grow with it; the template does not set those'] : [],
    };
  },

  'invalid-header': (ctx) => {
    const example = ctx.diagnosis.causes.find((c) => c.id === 'invalid-header')?.evidence.join(' ') ?? '';
    const defect = /\\x0D/i.test(example) ? 'bare-cr' : /\\x00/.test(example) ? 'nul-in-value' : 'space-in-name';
    return simpleBackendFault(ctx.servers, { kind: 'invalid-header', defect }, 'upstream-invalid-header', `the backend sends a header line nginx cannot parse (${defect}): 502 "upstream sent invalid header"`);
  },
  'not-http': (ctx) => ({
    summary: 'Diagnosed: the backend answers without an HTTP status line; nginx passes the bytes on as HTTP/0.9 (status 009), and logs "upstream sent no valid HTTP/1.0 header". Fix: the right port and protocol, a backend that speaks HTTP.',
    backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'garbage' } }],
    load: { connections: 8, duration: '2s' },
    variants: [
      { name: 'as-diagnosed', summary: 'The backend writes raw bytes.', expect: { error_log: { 'upstream-no-valid-http-header': '>= 1' } } },
      { name: 'fix-backend-speaks-http', summary: 'The backend answers HTTP.', backends: { app: { behavior: { kind: 'ok' } } }, expect: fixed(['upstream-no-valid-http-header']) },
    ],
  }),

  'body-cut': (ctx) => {
    const signatures = ctx.diagnosis.errorLog.signatures;
    const timedOut = (signatures['upstream-timed-out-reading-body'] ?? 0) > (signatures['upstream-prematurely-closed-body'] ?? 0) + (signatures['upstream-reset-reading-body'] ?? 0);
    const reset = !timedOut && (signatures['upstream-reset-reading-body'] ?? 0) > (signatures['upstream-prematurely-closed-body'] ?? 0);
    const id = timedOut ? 'upstream-timed-out-reading-body' : reset ? 'upstream-reset-reading-body' : 'upstream-prematurely-closed-body';
    const behavior = timedOut
      ? { kind: 'slow', delay: ctx.delay(2 * ctx.readMs), phase: 'body', body_bytes: 4096 }
      : { kind: 'close-mid-body', body_bytes: 4096, close: reset ? 'reset' : 'fin' };
    return {
      summary: `Diagnosed: the backend stops in the middle of the body (${timedOut ? 'a pause longer than proxy_read_timeout' : reset ? 'its connection is reset' : 'its connection closes'}): the client gets a 200 with a cut body, and only nginx's error log shows it. Fix: a backend that finishes its responses.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior }],
      load: { connections: 4, duration: ctx.dur(Math.max(2000, Math.min(2 * ctx.readMs, 10_000))) },
      variants: [
        { name: 'as-diagnosed', summary: 'Bodies are cut.', expect: { error_log: { [id]: '>= 1' } } },
        { name: 'fix-backend-finishes', summary: 'The backend sends whole bodies.', backends: { app: { behavior: { kind: 'ok', body_bytes: 4096 } } }, expect: fixed([id]) },
      ],
    };
  },

  'backend-5xx': (ctx) => {
    const counts = ctx.diagnosis.statusMix.counts;
    const status = ['502', '503', '504', '500'].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))[0]!;
    return {
      summary: `Diagnosed: the backend itself answers ${status}; nginx only passes it on (no error-log line). Fix: in the backend.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'ok', status: Number(status) } }],
      load: { connections: 8, duration: '2s' },
      variants: [
        { name: 'as-diagnosed', summary: `The backend answers ${status}.`, expect: { status: { [status]: '100%' }, error_log: { unknown: 0 } } },
        { name: 'fix-backend-answers-200', summary: 'The backend answers 200.', backends: { app: { behavior: { kind: 'ok' } } }, expect: { status: { '5xx': 0 } } },
      ],
    };
  },

  'rate-limited': (ctx) => {
    const s = ctx.settings;
    const rate = s.limitReqRatePerS.value > 0 ? s.limitReqRatePerS.value : 20;
    const burst = s.limitReqBurst.value;
    const id = 'limiting-requests';
    return {
      summary: `Diagnosed: limit_req (${rate} r/s, burst ${burst}) rejects requests with 503 before they reach a backend. Fix: a limit sized for the legitimate traffic (or 429 to tell it apart).`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'ok' } }],
      params: { limit_req_rate: rate, limit_req_burst: burst },
      load: { connections: 16, rate: Math.min(100_000, 3 * rate + burst), duration: '2s' },
      variants: [
        { name: 'as-diagnosed', summary: 'Three times the rate the limit allows.', expect: reproduces({ '503': '>= 1' }, [id]) },
        { name: 'fix-limit-sized', summary: 'A limit ten times higher.', nginx: { limit_req_rate: Math.min(100_000, 10 * rate), limit_req_burst: Math.min(100_000, 10 * rate) }, expect: fixed([id], { '503': 0 }) },
      ],
    };
  },

  'worker-connections': (ctx) => {
    const workers = Math.max(16, ctx.settings.workerConnections.value);
    const id = 'worker-connections-not-enough';
    return {
      summary: `Diagnosed: worker_connections (${workers}) is exhausted: each proxied request holds a client and an upstream connection. Fix: raise worker_connections.`,
      backends: [{ name: 'app', replicas: ctx.servers, behavior: { kind: 'slow', delay: '500ms' } }],
      params: { worker_connections: workers },
      load: { connections: Math.min(1000, workers), duration: '2s' },
      variants: [
        { name: 'as-diagnosed', summary: 'As many clients as worker connections.', expect: { error_log: { [id]: '>= 1' } } },
        { name: 'fix-more-worker-connections', summary: 'Four times the worker connections.', nginx: { worker_connections: Math.min(65_535, 4 * workers + 64) }, expect: fixed([id]) },
      ],
    };
  },
};

function simpleBackendFault(servers: number, behavior: Fields, signature: string, what: string): Recipe {
  return {
    summary: `Diagnosed: ${what}. Fix: in the backend.`,
    backends: [{ name: 'app', replicas: servers, behavior }],
    load: { connections: 8, duration: '2s' },
    variants: [
      { name: 'as-diagnosed', summary: `The backend (${String(behavior.kind)}).`, expect: reproduces({ '502': '>= 1' }, [signature]) },
      { name: 'fix-backend', summary: 'A healthy backend.', backends: { app: { behavior: { kind: 'ok' } } }, expect: fixed([signature]) },
    ],
  };
}
