/**
 * The scenario format: the one source of truth. TypeScript types are inferred from it and the
 * JSON Schema (`badgateway schema`) is generated from it. Field checks that need more than one
 * field live in rules.ts; value grammars (comparators, durations) are checked here.
 */
import { z } from 'zod';
import { parseComparator, type ComparatorUnit } from '../expect/comparator.js';
import { parseDurationMs } from './units.js';

export const LIMITS = {
  maxLoadDurationMs: 300_000,
  maxRequests: 1_000_000,
  maxConnections: 1_000,
  maxRate: 100_000,
  maxReplicas: 8,
  maxBackends: 8,
  maxBackendDelayMs: 120_000,
  maxBodyBytes: 1_048_576,
} as const;

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const nameSchema = z
  .string({ error: 'must be a name (e.g. slow-backend)' })
  .regex(NAME, 'must be lowercase letters, digits and dashes, starting with a letter or digit (e.g. slow-backend)');

export function durationSchema(maxMs: number) {
  return z.string({ error: 'must be a duration with a unit (e.g. 500ms, 2s)' }).superRefine((text, ctx) => {
    const ms = parseDurationMs(text);
    if (ms === undefined) ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; write it with a unit (e.g. 500ms, 2s)` });
    else if (ms > maxMs) ctx.addIssue({ code: 'custom', message: `${text} is longer than the limit of ${maxMs / 1000}s` });
  });
}

function comparatorSchema(units: ComparatorUnit[], example: string) {
  return z.union([z.string(), z.number()], { error: `must be a comparison (e.g. ${example})` }).superRefine((value, ctx) => {
    const parsed = parseComparator(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} ${parsed.error} (e.g. ${example})` });
    else if (!units.includes(parsed.value.unit)) {
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
const timingExpect = z.partialRecord(z.enum(PERCENTILE_KEYS), comparatorSchema(['duration'], '"< 1.5s"'));

export const expectationsSchema = z.strictObject({
  status: statusExpect.optional().describe('Share or count of client responses per status code (504) or class (5xx).'),
  error_log: countExpect.optional().describe('Count of nginx error-log lines per signature id (see `badgateway signatures`), or "unknown".'),
  latency: timingExpect.optional().describe('Client latency percentiles.'),
  upstream_connect_time: timingExpect.optional().describe('Percentiles of $upstream_connect_time (every attempt).'),
  upstream_header_time: timingExpect.optional().describe('Percentiles of $upstream_header_time (every attempt).'),
  upstream_response_time: timingExpect.optional().describe('Percentiles of $upstream_response_time (every attempt).'),
});

export const slowBehaviorSchema = z.strictObject({
  kind: z.literal('slow'),
  delay: durationSchema(LIMITS.maxBackendDelayMs).optional().describe('Fixed delay before the response headers.'),
  median: durationSchema(LIMITS.maxBackendDelayMs).optional().describe('Median delay of a log-normal distribution (with p99).'),
  p99: durationSchema(LIMITS.maxBackendDelayMs).optional().describe('99th percentile delay of a log-normal distribution (with median).'),
  status: z.int().min(200).max(599).default(200).describe('Status code of the response.'),
  body_bytes: z.int().min(0).max(LIMITS.maxBodyBytes).default(2).describe('Size of the response body.'),
});

export const behaviorSchema = z.discriminatedUnion('kind', [slowBehaviorSchema], {
  error: 'must have a known kind (slow)',
});

export const backendSchema = z.strictObject({
  name: nameSchema,
  replicas: z.int().min(1).max(LIMITS.maxReplicas).default(1),
  behavior: behaviorSchema,
});

const paramValue = z.union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' });
export const paramsSchema = z.record(z.string(), paramValue);

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
const PATH = /^\/[\x21-\x7e]*$/;

const loadFields = {
  connections: z.int().min(1).max(LIMITS.maxConnections),
  duration: durationSchema(LIMITS.maxLoadDurationMs).optional().describe('How long to send requests (in-flight ones are awaited).'),
  requests: z.int().min(1).max(LIMITS.maxRequests).optional().describe('How many requests to send in all.'),
  rate: z.int().min(1).max(LIMITS.maxRate).optional().describe('Fixed total request rate, requests per second.'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().regex(PATH, 'must start with / and hold no spaces or control characters'),
  headers: z.record(z.string().regex(HEADER_NAME, 'is not a valid header name'), z.string().regex(/^[\x20-\x7e]*$/, 'must be printable ASCII')),
  body: z.string().max(LIMITS.maxBodyBytes).optional(),
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

export const variantSchema = z.strictObject({
  name: nameSchema,
  summary: z.string().optional(),
  nginx: paramsSchema.default({}).describe('Template parameters that override the scenario-level ones.'),
  load: loadOverrideSchema.optional().describe('Load settings that override the scenario-level ones.'),
  expect: expectationsSchema.default({}),
});

export const nginxSchema = z.strictObject({
  template: nameSchema.default('reverse-proxy'),
  params: paramsSchema.default({}),
});

export const scenarioSchema = z.strictObject({
  name: nameSchema,
  summary: z.string().min(1, 'must say which incident this models and what fixes it'),
  backends: z.array(backendSchema).min(1, 'needs at least one backend').max(LIMITS.maxBackends),
  nginx: nginxSchema.default({ template: 'reverse-proxy', params: {} }),
  load: loadSchema,
  variants: z.array(variantSchema).min(1, 'needs at least one variant'),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type Variant = z.output<typeof variantSchema>;
export type Backend = z.output<typeof backendSchema>;
export type Behavior = z.output<typeof behaviorSchema>;
export type LoadSpec = z.output<typeof loadSchema>;
export type Expectations = z.output<typeof expectationsSchema>;
export type ParamValues = z.output<typeof paramsSchema>;
