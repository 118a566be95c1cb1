/**
 * The keep-alive race's fingerprints (pure): upstream keepalive really on (keepalive N with HTTP/1.1
 * and Connection cleared), client-visible 502s only on non-idempotent methods while idempotent
 * requests that failed the same way were retried.
 */
import { describeCounts, methodsOf, NON_IDEMPOTENT, percent, type CauseInput } from './cause-input.js';

export interface KeepaliveFacts {
  points: number;
  evidence: string[];
  /** upstream connections are reused: on, off, or unknown (no config, or a version that decides it not given) */
  state: 'on' | 'off' | 'unknown';
  /** why the state is what it is */
  why: string;
  /** the config was given and upstream keepalive is off (or not effective) */
  keepaliveOff: boolean;
}

const FAMILY = ['upstream-prematurely-closed-header', 'upstream-reset-reading-header', 'upstream-reset'];

/** nginx 1.29.7 turned upstream keepalive on by default for upstream{} blocks, with HTTP/1.1. */
export function keepaliveByDefault(version: string | undefined): boolean | undefined {
  if (version === undefined) return undefined;
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return major > 1 || minor > 29 || (minor === 29 && patch >= 7);
}

export function upstreamKeepalive(input: CauseInput): Pick<KeepaliveFacts, 'state' | 'why'> {
  const s = input.settings;
  const byDefault = keepaliveByDefault(input.nginxVersion);
  const version = input.nginxVersion === undefined ? 'the nginx version is not known (--nginx-version)' : `nginx ${input.nginxVersion}`;
  if (!s.configGiven) {
    return { state: 'unknown', why: `no nginx.conf given: upstream keepalive needs keepalive N (up to nginx 1.28) or an upstream{} block (1.29.7 and later turn it on by default); ${version}` };
  }
  const http11 = s.proxyHttpVersion.fromConfig ? s.proxyHttpVersion.value === '1.1' : byDefault;
  if (s.keepalive.fromConfig) {
    if (s.keepalive.value === 0) return { state: 'off', why: 'keepalive 0 in the upstream (nginx.conf): connections are not reused' };
    if (http11 === true) return { state: 'on', why: `upstream keepalive ${s.keepalive.value} with HTTP/1.1 (nginx.conf${s.proxyHttpVersion.fromConfig ? '' : `, ${version} defaults to 1.1`}): connections are reused` };
    if (http11 === false) return { state: 'off', why: `keepalive ${s.keepalive.value} is set but proxy_http_version is 1.0${s.proxyHttpVersion.fromConfig ? ' (nginx.conf)' : ` (the default before 1.29.7; ${version})`}: upstream connections are not reused` };
    return { state: 'unknown', why: `keepalive ${s.keepalive.value} without proxy_http_version 1.1: reused only from nginx 1.29.7 on, and ${version}` };
  }
  if (!s.explicitUpstream) return { state: 'off', why: 'proxy_pass goes straight to an address, not an upstream{} block: connections are not reused' };
  if (byDefault === true) return { state: 'on', why: `${version} reuses connections to upstream{} blocks by default (since 1.29.7)` };
  if (byDefault === false) return { state: 'off', why: `no keepalive in the upstream block and ${version} does not turn it on by default (1.29.7 does)` };
  return { state: 'unknown', why: `no keepalive in the upstream block: off up to nginx 1.28, on by default from 1.29.7; ${version}` };
}

export function keepaliveFacts(input: CauseInput): KeepaliveFacts {
  const evidence: string[] = [];
  let points = 0;
  const { state, why } = upstreamKeepalive(input);
  if (state === 'on') points += 2;
  evidence.push(why);
  const keepaliveOff = state === 'off';
  const access = input.access;
  if (access) {
    const failures502 = Object.entries(access.byMethod).map(([method, counts]) => [method, counts['502'] ?? 0] as const).filter(([, n]) => n > 0);
    const total = failures502.reduce((sum, [, n]) => sum + n, 0);
    const nonIdempotent = failures502.filter(([m]) => NON_IDEMPOTENT.includes(m)).reduce((sum, [, n]) => sum + n, 0);
    const idempotentSeen = Object.keys(access.byMethod).some((m) => !NON_IDEMPOTENT.includes(m) && m !== '(none)');
    if (total > 0 && nonIdempotent / total >= 0.9 && idempotentSeen) {
      points += 2;
      evidence.push(`${percent(nonIdempotent / total)} of the client 502s are ${NON_IDEMPOTENT.join('/')} requests, though other methods were sent too: those are not retried once sent`);
    } else if (total > 0 && nonIdempotent === total) {
      points += 1;
      evidence.push(`the client 502s are all ${NON_IDEMPOTENT.join('/')} requests (no other methods were sent): those are not retried once sent`);
    }
    const retried = Object.entries(access.retriedByMethod).filter(([m]) => !NON_IDEMPOTENT.includes(m));
    if (retried.length > 0) {
      points += 1;
      evidence.push(`idempotent requests were retried (${describeCounts(Object.fromEntries(retried))}; sequences ${describeCounts(access.retrySequences, 3)})`);
    }
  } else {
    const methods = methodsOf(input, ...FAMILY);
    const lines = Object.values(methods).reduce((a, b) => a + b, 0);
    const nonIdempotent = NON_IDEMPOTENT.reduce((sum, m) => sum + (methods[m] ?? 0), 0);
    if (lines > 0 && nonIdempotent > 0 && nonIdempotent < lines) {
      points += 1;
      evidence.push('both idempotent and non-idempotent requests hit it; without an access log it is unknown which were retried');
    }
  }
  return { points, evidence, state, why, keepaliveOff };
}
