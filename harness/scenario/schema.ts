/**
 * The scenario format: the one source of truth. TypeScript types are inferred from it and the
 * JSON Schema (`badgateway schema`) is generated from it. Field checks that need more than one
 * field live in rules.ts; value grammars (comparators, durations) are checked here.
 */
import { z } from 'zod';
import { NGINX_LINE } from '../config/nginx-versions.js';
import { behaviorSchema } from '../../backends/behaviors/schemas.js';
import { appServerSchema } from '../../backends/app-servers/schemas.js';
import { parseComparator, type ComparatorUnit } from '../expect/comparator.js';
import { chaosSchema, timeReferenceSchema } from './chaos-schema.js';
import { dnsOverrideSchema, dnsSchema } from './dns-schema.js';
import { networkFaultSchema } from './network-fault-schema.js';
import { backendTlsSchema } from './upstream-tls-schema.js';
import { durationSchema, LIMITS, nameSchema, sizeSchema } from './schema-parts.js';

export { LIMITS, nameSchema, durationSchema } from './schema-parts.js';
export type { Behavior } from '../../backends/behaviors/schemas.js';

function comparatorSchema(units: ComparatorUnit[], example: string) {
  return z.union([z.string(), z.number()], { error: `must be a comparison (e.g. ${example})` }).superRefine((value, ctx) => {
    const parsed = parseComparator(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${parsed.error} (e.g. ${example})` });
    else if (parsed.value.unit === 'number' && units.includes('count') && !units.includes('number')) {
      const alternative = units.includes('share') ? ', or a share with %' : '';
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is a fractional count; write a whole number${alternative} (e.g. ${example})` });
    } else if (!units.includes(parsed.value.unit) && !(parsed.value.unit === 'count' && units.includes('number'))) {
      ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} compares a ${parsed.value.unit}, but here it must be a ${units.join(' or ')} (e.g. ${example})` });
    }
  });
}

const STATUS_KEY = /^[1-5](\d\d|xx)$/;
export const PERCENTILE_KEYS = ['p50', 'p90', 'p95', 'p99', 'p99.9', 'max', 'mean'] as const;

const statusExpect = z.record(
  z.string().regex(STATUS_KEY, 'is not a status code or class (e.g. 504, 5xx)'),
  comparatorSchema(['count', 'share'], '">= 99%" or 0'),
);
const countExpect = z.record(z.string(), comparatorSchema(['count'], '">= 1" or 0'));
const UPSTREAM_SEQUENCE = /^(\d{3}|-)((, | : )(\d{3}|-))*$/;
const upstreamStatusExpect = z.record(
  z.string().regex(UPSTREAM_SEQUENCE, 'is not an upstream status sequence as nginx logs it (e.g. "502, 200")'),
  comparatorSchema(['count', 'share'], '">= 1" or "100%"'),
);
const backendExpect = z.strictObject({
  oom_killed: z.boolean().optional().describe('Whether any replica was killed by the kernel for memory.'),
  exit_code: comparatorSchema(['count'], '137').optional().describe('Exit code of the replica that exited (the highest if several).'),
  restarts: comparatorSchema(['count'], '">= 1"').optional().describe('Restarts by the restart policy, all replicas together.'),
  app_log_lines: comparatorSchema(['count'], '0').optional().describe("Lines in the application's own log, all replicas together."),
  cpu_cores: comparatorSchema(['count', 'number'], '">= 0.7"').optional().describe('CPU used during the load, in cores (1 = one core busy), all replicas together.'),
  connections_per_request: comparatorSchema(['count', 'number'], '"<= 0.1"').optional().describe('New connections the backend accepted per request it received.'),
});
const timingExpect = z.partialRecord(z.enum(PERCENTILE_KEYS), comparatorSchema(['duration'], '"< 1.5s"'));

const STATUS_OR_CLASS = z.string().regex(STATUS_KEY, 'is not a status code or class (e.g. 504, 5xx)');

const windowSchema = z.strictObject({
  name: nameSchema.optional().describe('Shown in verdicts (default: windows[N]).'),
  from: timeReferenceSchema.default('0s').describe('Start: "2s" from the start of the load, or "<action>", "<action>+500ms".'),
  to: timeReferenceSchema.optional().describe('End (default: the end of the load).'),
  status: statusExpect.optional().describe('Client responses in the window, per code or class.'),
  error_log: countExpect.optional().describe('Error-log lines in the window (nginx logs whole seconds).'),
  max_interval_share: z.record(STATUS_OR_CLASS, comparatorSchema(['share'], '"<= 20%"')).optional().describe('The highest share of a status in any interval of the window.'),
});

const recoverySchema = z.strictObject({
  after: timeReferenceSchema.describe('From when: an action ("restart") or a time.'),
  status: STATUS_OR_CLASS.default('5xx').describe('The status that must fall away.'),
  below: comparatorSchema(['share'], '"1%"').default('1%').describe('Recovered: every interval from then on has less than this share.'),
  within: durationSchema(LIMITS.maxLoadDurationMs).describe('Recovery must come within this long.'),
});

export const expectationsSchema = z.strictObject({
  status: statusExpect.optional().describe('Complete client responses per status code (504) or class (5xx), as a count or a share of every request sent.'),
  error_log: countExpect.optional().describe('Count of nginx error-log lines per signature id (see `badgateway signatures`), or "unknown".'),
  latency: timingExpect.optional().describe('Client latency percentiles.'),
  failed: comparatorSchema(['count', 'share'], '"<= 1%"').optional().describe('Failed requests: 5xx responses plus requests without a complete, valid response, as a share of every request sent.'),
  transport_errors: comparatorSchema(['count', 'share'], '0').optional().describe('Requests without a complete, valid response: no answer on a closed connection, client timeout, reset, an answer that was not HTTP, a body cut short.'),
  truncated_responses: comparatorSchema(['count', 'share'], '0').optional().describe('Requests whose status came but whose body was cut (the connection ended first); counted in transport_errors too.'),
  upstream_status: upstreamStatusExpect.optional().describe('Count or share of requests per $upstream_status as logged: "502, 200" is a retry that worked.'),
  backends: z.record(z.string(), backendExpect).optional().describe('Facts about each backend (by name): OOM kill, exit code, restarts, log, CPU, connections.'),
  windows: z.array(windowSchema).optional().describe('Expectations inside time windows relative to the start or to a chaos action.'),
  max_interval_share: z.record(STATUS_OR_CLASS, comparatorSchema(['share'], '"<= 20%"')).optional().describe('The highest share of a status in any interval of the whole load.'),
  recovery: recoverySchema.optional().describe('Time from an action until the errors stay under a share, with a bound.'),
  upstream_connect_time: timingExpect.optional().describe('Percentiles of $upstream_connect_time (every attempt).'),
  upstream_header_time: timingExpect.optional().describe('Percentiles of $upstream_header_time (every attempt).'),
  upstream_response_time: timingExpect.optional().describe('Percentiles of $upstream_response_time (every attempt).'),
});

const IMAGE = /^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** a unix socket in a directory of its own under /run, shared by nginx and the backend */
export const SOCKET_PATH = /^\/run\/[a-z0-9._-]+\/[A-Za-z0-9._-]+\.sock$/;

/** Real app servers and transports: a backend's server (instead of behavior or image), its protocol, its unix socket. */
const appServerFields = {
  server: appServerSchema.optional().describe('A real app server running the small app badgateway ships: php-fpm, gunicorn, uvicorn or node (instead of behavior or image).'),
  protocol: z.enum(['http', 'fastcgi']).optional().describe('With behavior: what the fake backend speaks to nginx (http by default; fastcgi as PHP-FPM does, for fastcgi_pass).'),
  socket: z.string().regex(SOCKET_PATH, 'must be a unix socket path like /run/php/php8.2-fpm.sock').optional().describe('With server php-fpm or gunicorn: listen on this unix socket (in a volume nginx shares) instead of TCP; nginx connects to it.'),
};

export const backendSchema = z.strictObject({
  name: nameSchema,
  replicas: z.int().min(1).max(LIMITS.maxReplicas).default(1),
  behavior: behaviorSchema.optional().describe('A fake backend that fails in a chosen way; or give image for your own app.'),
  image: z.string().regex(IMAGE, 'is not an image name (e.g. myapp:1.4)').optional().describe('Your own app image instead of a fake backend.'),
  command: z.array(z.string()).optional().describe('With image: the command to run (the image default otherwise).'),
  port: z.int().min(1).max(65535).default(8080).describe('With image: the port the app listens on.'),
  env: z.record(z.string().regex(ENV_NAME, 'is not an environment variable name'), z.string()).default({}).describe('With image: environment variables.'),
  ready_path: z.string().regex(/^\/[\x21-\x7e]*$/, 'must start with /').default('/').describe('With image: a path that answers 2xx once the app is ready.'),
  ...appServerFields,
  memory: sizeSchema(LIMITS.minBackendMemoryBytes, LIMITS.maxBackendMemoryBytes).default('256m').describe('Memory limit of each replica; the kernel kills it (OOM) past this.'),
  restart: z.enum(['no', 'on-failure', 'always']).default('no').describe("Docker restart policy: what happens when the backend's process exits."),
  shutdown: z.enum(['abrupt', 'graceful']).default('abrupt').describe('On SIGTERM: abrupt exits at once (requests in flight are cut); graceful stops accepting, finishes requests in flight, then exits.'),
  tls: backendTlsSchema.optional().describe('A fake backend that speaks TLS (for proxy_pass_scheme https): its certificate, SNI, handshake.'),
  network_fault: networkFaultSchema.optional().describe('A network fault on this backend from the start: drop, reject, latency, loss or bandwidth.'),
});

const paramValue = z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' });
export const paramsSchema = z.record(z.string(), paramValue);

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** origin-form only ("/...", never "//host/..."): the load goes to the run's nginx and nowhere else */
export const LOAD_PATH = /^\/(?!\/)[\x21-\x7e]*$/;
const PATH_MESSAGE = 'must be an origin-form path: start with a single / and hold no spaces or control characters';
const METHOD = z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const HEADERS = z.record(z.string().regex(HEADER_NAME, 'is not a valid header name'), z.string().regex(/^[\x20-\x7e]*$/, 'must be printable ASCII'));

const mixEntrySchema = z.strictObject({
  weight: z.int().min(1).max(1000).default(1).describe('Share of the mix: this weight over the sum of the weights.'),
  method: METHOD.default('GET'),
  path: z.string().regex(LOAD_PATH, PATH_MESSAGE),
  headers: HEADERS.default({}),
  body: z.string().max(LIMITS.maxBodyBytes).optional(),
});

const loadFields = {
  connections: z.int().min(1).max(LIMITS.maxConnections),
  duration: durationSchema(LIMITS.maxLoadDurationMs).optional().describe('How long to send requests (in-flight ones are awaited).'),
  requests: z.int().min(1).max(LIMITS.maxRequests).optional().describe('How many requests to send in all.'),
  rate: z.int().min(1).max(LIMITS.maxRate).optional().describe("Closed model: a fixed total request rate, requests per second, sent in bursts at the start of each second by the connections (autocannon's)."),
  arrival_rate: z.number().positive().max(LIMITS.maxRate).optional().describe('Open model: requests per second, each started at its intended time whatever the responses do (connections opened as needed up to max_in_flight).'),
  arrivals: z.enum(['constant', 'poisson']).optional().describe('Open model: evenly spaced starts (constant, the default) or Poisson arrivals with the same mean rate.'),
  max_in_flight: z.int().min(1).max(LIMITS.maxConnections).optional().describe('Open model: requests in flight at most, one connection each (default 256); past it, starts wait and are counted late.'),
  seed: z.int().min(0).max(2 ** 31).optional().describe('Open model: seed of the Poisson arrivals (default 1): the same seed, the same schedule.'),
  mix: z.array(mixEntrySchema).min(1).max(50).optional().describe('A weighted mix of requests (method, path, headers, body, weight) instead of the one request.'),
  method: METHOD,
  path: z.string().regex(LOAD_PATH, PATH_MESSAGE),
  headers: HEADERS,
  body: z.string().max(LIMITS.maxBodyBytes).optional(),
  body_bytes: z.int().min(1).max(LIMITS.maxRequestBodyBytes).optional().describe('Send a generated body of this many bytes (instead of body).'),
  stages: z
    .array(z.strictObject({
      duration: durationSchema(LIMITS.maxLoadDurationMs),
      rate: z.int().min(1).max(LIMITS.maxRate).optional().describe('Closed model: total requests per second in this stage (autocannon bursts).'),
      connections: z.int().min(1).max(LIMITS.maxConnections).optional().describe('Closed model: connections in this stage.'),
      arrival_rate: z.number().min(0).max(LIMITS.maxRate).optional().describe('Open model: requests per second in this stage (reached at its end with ramp: linear).'),
      ramp: z.enum(['step', 'linear']).optional().describe('Open model: step (the default) holds arrival_rate for the whole stage; linear goes there from the previous stage\'s rate (0 before the first).'),
    }))
    .min(1)
    .max(20)
    .optional()
    .describe('A traffic shape: stages one after another on one clock, instead of duration. Open model (arrival_rate in the stages): no pause between stages; closed model (rate, connections): each stage finishes its requests in flight before the next.'),
  client_timeout: durationSchema(LIMITS.maxLoadDurationMs).optional().describe('Client timeout; defaults to well above the nginx timeouts.'),
};

export const loadSchema = z.strictObject({
  ...loadFields,
  connections: loadFields.connections.default(8),
  method: loadFields.method.default('GET'),
  path: loadFields.path.default('/'),
  headers: loadFields.headers.default({}),
});

/**
 * A variant's load: only the fields it overrides. No defaults here: `loadSchema.partial()` keeps
 * them (zod 4 applies a default inside optional), so a variant that set only `duration` came back
 * with connections 8 and method GET and silently replaced the scenario's values when merged.
 */
export const loadOverrideSchema = z.strictObject(loadFields).partial();

/** What a variant may change about a backend (the fixed app, a larger memory limit, ...). */
export const backendOverrideSchema = z.strictObject({
  replicas: z.int().min(1).max(LIMITS.maxReplicas).optional(),
  behavior: behaviorSchema.optional(),
  memory: sizeSchema(LIMITS.minBackendMemoryBytes, LIMITS.maxBackendMemoryBytes).optional(),
  restart: z.enum(['no', 'on-failure', 'always']).optional(),
  shutdown: z.enum(['abrupt', 'graceful']).optional(),
  image: z.string().regex(IMAGE, 'is not an image name (e.g. myapp:1.4)').optional(),
  command: z.array(z.string()).optional(),
  env: z.record(z.string().regex(ENV_NAME, 'is not an environment variable name'), z.string()).optional(),
  ...appServerFields,
  tls: backendTlsSchema.optional(),
  network_fault: networkFaultSchema.optional(),
});

export const variantSchema = z.strictObject({
  name: nameSchema,
  summary: z.string().optional(),
  role: z
    .enum(['reproduces', 'fixes', 'context'])
    .optional()
    .describe('reproduces the failure, fixes it, or shows context (neither). Default: the first variant reproduces, the others fix.'),
  nginx: paramsSchema.default({}).describe('Template parameters that override the scenario-level ones.'),
  backends: z.record(z.string(), backendOverrideSchema).optional().describe('Backend settings that override the scenario-level ones, by backend name.'),
  chaos: chaosSchema.optional().describe("Chaos actions for this variant (replacing the scenario's)."),
  load: loadOverrideSchema.optional().describe('Load settings that override the scenario-level ones.'),
  dns: dnsOverrideSchema.optional().describe("The run's DNS server settings that override the scenario-level ones."),
  expect: expectationsSchema.default({}),
  expect_by_version: z
    .record(z.string().regex(NGINX_LINE, 'is not an nginx version line (major.minor, e.g. "1.30")'), expectationsSchema)
    .optional()
    .describe('Expectations that differ on an nginx version line (a key of nginx.versions): each replaces the same key of expect (status, error_log, ...) when the variant runs on that version.'),
});

export const nginxSchema = z.strictObject({
  template: nameSchema.default('reverse-proxy'),
  params: paramsSchema.default({}),
  config: z.string().min(1).optional().describe('Your own nginx.conf, or a server or location snippet, instead of a template (path relative to this file).'),
  upstreams: z.record(z.string(), z.array(nameSchema)).optional().describe('With config: which backends each of its upstream blocks gets (all of them by default).'),
  versions: z
    .array(z.string().regex(NGINX_LINE, 'is not an nginx version line (major.minor, e.g. "1.30")'))
    .min(1)
    .max(8)
    .optional()
    .describe('nginx version lines every variant runs on, each in turn (e.g. ["1.22", "1.26", "1.30"]); the default nginx image when absent. --nginx-version replaces them.'),
});

export const scenarioSchema = z.strictObject({
  name: nameSchema,
  summary: z.string().min(1, 'must say which incident this models and what fixes it'),
  backends: z.array(backendSchema).min(1, 'needs at least one backend').max(LIMITS.maxBackends),
  nginx: nginxSchema.default({ template: 'reverse-proxy', params: {} }),
  load: loadSchema,
  chaos: chaosSchema.default([]).describe('Chaos actions during the load: kill, stop, restart, pause, disconnect, set-behavior, reload, ...'),
  dns: dnsSchema.optional().describe("The DNS server the run starts when nginx's resolver is dns-server: its domain, TTL and behaviour."),
  variants: z.array(variantSchema).min(1, 'needs at least one variant'),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type Variant = z.output<typeof variantSchema>;
export type Backend = z.output<typeof backendSchema>;
export type LoadSpec = z.output<typeof loadSchema>;
export type Expectations = z.output<typeof expectationsSchema>;
export type ParamValues = z.output<typeof paramsSchema>;
