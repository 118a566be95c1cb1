/**
 * The directives of a user's config that tune can sweep (pure but for reading the reverse-proxy
 * template's declared types): each with the type its values are checked against (the same checks
 * as template parameters, so no unchecked text reaches nginx.conf), the blocks it may stand in,
 * what "cheapest" means for it, and the rule a recommended value must keep.
 */
import { loadTemplate } from '../nginx/template-registry.js';
import type { ParamSpec } from '../nginx/param-types.js';

export type Level = 'http' | 'server' | 'location' | 'upstream';

/**
 * What makes one value cheaper than another, when both keep the budget:
 * - shortest: a wait bound (a hung backend holds a connection and a client the least time);
 *   0 where it means "no limit" is the most expensive;
 * - longest: keep-alive lifetimes (the fewest new upstream connections) and fail_timeout (a
 *   server that really fails is tried again the least often);
 * - fewest: retries and max_fails (the least amplification; a failing server taken out after
 *   the fewest failures); 0 where it means "no limit" / "never" is the most expensive;
 * - smallest: sizes and other numbers (the least memory);
 * - as-given: no order (on/off, lists): the first value swept is the cheapest.
 */
export type CostOrder = 'shortest' | 'longest' | 'fewest' | 'smallest' | 'as-given';

/**
 * above-p99: a read timeout must sit 20-30% above the measured upstream p99 and above the
 * backend's own request timeout; below-idle: an upstream keep-alive timeout must stay below the
 * backend's own idle timeout (else nginx reuses connections the backend is closing).
 */
export type TuningRule = 'above-p99' | 'below-idle';

export interface DirectiveType {
  spec: ParamSpec;
  levels: Level[];
  /** written as NAME=VALUE on the upstream's `server` lines, not as a directive */
  serverParameter?: true;
  cost: CostOrder;
  /** 0 means "no limit" (or "never"): the most expensive value, not the cheapest */
  zeroIsUnlimited?: true;
  rule?: TuningRule;
}

const LOCATIONS: Level[] = ['http', 'server', 'location'];

/** Sweepable directives of a user's config. */
export function directiveType(name: string): DirectiveType | undefined {
  return Object.hasOwn(TABLE(), name) ? TABLE()[name] : undefined;
}

export function sweepableDirectives(): string[] {
  return Object.keys(TABLE()).sort();
}

/** Cost and rule of a template parameter or directive (a template parameter has the directive's name). */
export function tuningOf(name: string): Pick<DirectiveType, 'cost' | 'zeroIsUnlimited' | 'rule'> {
  const known = directiveType(name);
  if (known) return { cost: known.cost, ...(known.zeroIsUnlimited ? { zeroIsUnlimited: true } : {}), ...(known.rule ? { rule: known.rule } : {}) };
  return { cost: 'smallest' };
}

let table: Record<string, DirectiveType> | undefined;

function TABLE(): Record<string, DirectiveType> {
  if (table) return table;
  const template = loadTemplate('reverse-proxy')!.params;
  const from = (param: string): ParamSpec => template[param]!;
  const timeout: ParamSpec = { type: 'duration', default: '60s', min: '1ms', max: '1h', description: 'a timeout' };
  const retryTimeout: ParamSpec = { type: 'duration', default: '0s', max: '1h', description: '0s: no limit' };
  const tries: ParamSpec = { type: 'integer', default: 0, min: 0, max: 100, description: '0: no limit' };
  const entries: [string, DirectiveType][] = [
    ['proxy_connect_timeout', { spec: from('proxy_connect_timeout'), levels: LOCATIONS, cost: 'shortest' }],
    ['proxy_send_timeout', { spec: from('proxy_send_timeout'), levels: LOCATIONS, cost: 'shortest' }],
    ['proxy_read_timeout', { spec: from('proxy_read_timeout'), levels: LOCATIONS, cost: 'shortest', rule: 'above-p99' }],
    ['proxy_next_upstream', { spec: from('proxy_next_upstream'), levels: LOCATIONS, cost: 'as-given' }],
    ['proxy_next_upstream_tries', { spec: from('proxy_next_upstream_tries'), levels: LOCATIONS, cost: 'fewest', zeroIsUnlimited: true }],
    ['proxy_next_upstream_timeout', { spec: from('proxy_next_upstream_timeout'), levels: LOCATIONS, cost: 'shortest', zeroIsUnlimited: true }],
    ['proxy_buffer_size', { spec: from('proxy_buffer_size'), levels: LOCATIONS, cost: 'smallest' }],
    ['proxy_buffering', { spec: from('proxy_buffering'), levels: LOCATIONS, cost: 'as-given' }],
    ['proxy_request_buffering', { spec: from('proxy_request_buffering'), levels: LOCATIONS, cost: 'as-given' }],
    ['client_max_body_size', { spec: from('client_max_body_size'), levels: LOCATIONS, cost: 'smallest' }],
    ['keepalive', { spec: from('keepalive'), levels: ['upstream'], cost: 'longest' }],
    ['keepalive_timeout', { spec: from('keepalive_timeout'), levels: ['upstream'], cost: 'longest', rule: 'below-idle' }],
    ['keepalive_time', { spec: { ...timeout, default: '1h' }, levels: ['upstream'], cost: 'longest', rule: 'below-idle' }],
    ['keepalive_requests', { spec: from('keepalive_requests'), levels: ['upstream'], cost: 'longest' }],
    ['max_fails', { spec: from('max_fails'), levels: ['upstream'], serverParameter: true, cost: 'fewest', zeroIsUnlimited: true }],
    // nginx takes fail_timeout=0 on a server line (configs write it to keep servers from being marked down)
    ['fail_timeout', { spec: { type: 'duration', default: '10s', min: '0s', max: '1h', seconds: true, description: 'seconds' }, levels: ['upstream'], serverParameter: true, cost: 'longest' }],
  ];
  for (const protocol of ['fastcgi', 'uwsgi', 'grpc', 'scgi']) {
    entries.push([`${protocol}_connect_timeout`, { spec: timeout, levels: LOCATIONS, cost: 'shortest' }]);
    entries.push([`${protocol}_send_timeout`, { spec: timeout, levels: LOCATIONS, cost: 'shortest' }]);
    entries.push([`${protocol}_read_timeout`, { spec: timeout, levels: LOCATIONS, cost: 'shortest', rule: 'above-p99' }]);
    if (protocol !== 'scgi') {
      entries.push([`${protocol}_next_upstream_tries`, { spec: tries, levels: LOCATIONS, cost: 'fewest', zeroIsUnlimited: true }]);
      entries.push([`${protocol}_next_upstream_timeout`, { spec: retryTimeout, levels: LOCATIONS, cost: 'shortest', zeroIsUnlimited: true }]);
    }
  }
  table = Object.fromEntries(entries);
  return table;
}
