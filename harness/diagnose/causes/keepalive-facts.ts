/**
 * The keep-alive race's fingerprints (pure): upstream keepalive really on (keepalive N with HTTP/1.1
 * and Connection cleared), client-visible 502s only on non-idempotent methods while idempotent
 * requests that failed the same way were retried.
 */
import { describeCounts, methodsOf, NON_IDEMPOTENT, percent, type CauseInput } from './cause-input.js';

export interface KeepaliveFacts {
  points: number;
  evidence: string[];
  /** the config was given and upstream keepalive is off (or not effective) */
  keepaliveOff: boolean;
}

const FAMILY = ['upstream-prematurely-closed-header', 'upstream-reset-reading-header', 'upstream-reset'];

export function keepaliveFacts(input: CauseInput): KeepaliveFacts {
  const evidence: string[] = [];
  let points = 0;
  const s = input.settings;
  let keepaliveOff = false;
  if (s.keepalive.fromConfig && s.keepalive.value > 0) {
    const effective = s.proxyHttpVersion.value === '1.1';
    if (effective) {
      points += 2;
      evidence.push(`upstream keepalive ${s.keepalive.value} with proxy_http_version 1.1 (nginx.conf): connections are reused`);
    } else {
      keepaliveOff = true;
      evidence.push(`keepalive ${s.keepalive.value} is set but proxy_http_version is ${s.proxyHttpVersion.value}: up to nginx 1.28 upstream connections are not reused`);
    }
  } else if (s.configGiven) {
    keepaliveOff = true;
    evidence.push('no upstream keepalive in nginx.conf: connections are not reused (up to nginx 1.28)');
  }
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
  return { points, evidence, keepaliveOff };
}
