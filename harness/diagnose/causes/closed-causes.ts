/**
 * 502s where the backend closed or reset the connection before its header. Who closed it: the
 * keep-alive race (a reused idle connection the backend had just closed: only non-idempotent
 * requests surface, immediately, spread over time, with upstream keepalive on), a crash (a burst,
 * then refused connections while it restarts), the app server's own timeout (all closed after
 * the same time), or a backend that resets.
 */
import { formatMs } from '../../scenario/units.js';
import {
  answeredAfter, confidenceFrom, count, describeCounts, extentS, isBurst, linesEvidence, methodsOf, percent, setting,
  type CauseCandidate, type CauseInput,
} from './cause-input.js';
import { keepaliveFacts } from './keepalive-facts.js';

export const CLOSED = 'upstream-prematurely-closed-header';
export const RESET_HEADER = 'upstream-reset-reading-header';
export const RESET = 'upstream-reset';
const BROKEN_PIPE = 'upstream-broken-pipe';
const FAMILY = [CLOSED, RESET_HEADER, RESET, BROKEN_PIPE, 'fastcgi-closed-stdout', 'grpc-stream-closed', 'grpc-rejected'];

export function closedConnectionCauses(input: CauseInput): CauseCandidate[] {
  const n = count(input, ...FAMILY) - bodyResets(input);
  if (n <= 0) return [];
  const base = FAMILY.filter((id) => count(input, id) > 0).map((id) => linesEvidence(input, id));
  const methods = methodsOf(input, ...FAMILY);
  base.push(`methods of these lines: ${describeCounts(methods)}`);
  const burst = isBurst(input, ...FAMILY);
  const extent = extentS(input, ...FAMILY);
  const causes: CauseCandidate[] = [keepaliveRace(input, n, base, burst), crash(input, n, base, burst, extent), resets(input, n, base, burst)];
  const timed = appServerTimeout(input, n, base, burst);
  if (timed) causes.push(timed);
  return causes;
}

function keepaliveRace(input: CauseInput, n: number, base: string[], burst: boolean): CauseCandidate {
  const ka = keepaliveFacts(input);
  const evidence = [...base, ...ka.evidence];
  let points = ka.points;
  if (!burst) {
    points += 1;
    evidence.push('spread over the whole log, not a burst');
  }
  const fast = input.access?.timings.failed502;
  if (fast && fast.count > 0 && fast.p50Ms <= 5) {
    points += 1;
    evidence.push(`failed attempts ended at once (upstream_response_time p50 ${formatMs(fast.p50Ms)}): the connection was already closed when the request went out`);
  }
  return {
    id: 'keepalive-race',
    title: 'keep-alive race: the backend closes idle upstream connections that nginx reuses',
    confidence: confidenceFrom(points, 5, 3),
    precondition: { holds: ka.state === 'on' ? true : ka.state === 'off' ? false : undefined, why: ka.why },
    decidedBy: 'nginx.conf (is upstream keepalive on?) and the nginx version (1.29.7 and later reuse connections to upstream{} blocks by default)',
    explains: n,
    evidence,
    fixes: [
      "make nginx drop idle upstream connections first: upstream keepalive_timeout below the backend's keep-alive timeout (Node's server.keepAliveTimeout is 5 s, Gunicorn's --keep-alive 2 s)",
      "or raise the backend's keep-alive timeout above nginx's keepalive_timeout",
      'only if the requests are safe to repeat: proxy_next_upstream error timeout non_idempotent',
    ],
    reproducible: true,
  };
}

/**
 * A process that died: closed and reset connections, then refused ones (restarting), "no route to
 * host" or "no live upstreams" (gone), and nothing answered afterwards. Only resets followed by one
 * storm of refused connections and a recovery is a kill and restart (backend-restart) instead.
 */
function crash(input: CauseInput, n: number, base: string[], burst: boolean, extent: number | undefined): CauseCandidate {
  const evidence = [...base];
  let points = 0;
  if (burst) {
    points += 2;
    evidence.push(`all within ${extent} s: a brief storm, as when a process dies with requests in flight`);
  }
  const closedFirst = Math.min(...FAMILY.map((id) => input.errors.signatures[id]?.firstS ?? Infinity));
  const closedLast = Math.max(...FAMILY.map((id) => input.errors.signatures[id]?.lastS ?? -Infinity));
  const onItsOwnRequest = count(input, CLOSED) > 0;
  const refused = input.errors.signatures['connect-refused'];
  let whileDown = 0;
  if (refused?.firstS !== undefined && refused.firstS >= closedFirst - 1 && refused.firstS <= closedLast + 30) {
    const restartedOnce = !onItsOwnRequest && isBurst(input, 'connect-refused') && (answeredAfter(input, refused.lastS!) ?? 0) > 0;
    points += restartedOnce ? 1 : 2;
    if (!restartedOnce) whileDown = refused.count + count(input, 'upstream-timed-out-connecting');
    evidence.push(`followed by ${refused.count} connect() refused from ${refused.firstS - closedFirst} s later for ${refused.lastS! - refused.firstS + 1} s: nothing listened while the process was down${restartedOnce ? ' (one outage, then it answered again: see backend-restart)' : ''}`);
  }
  const unreachable = count(input, 'connect-no-route');
  if (unreachable > 0) {
    points += 2;
    evidence.push(`${unreachable} lines "no route to host": the backend's address was gone (container stopped)`);
  }
  if (onItsOwnRequest && count(input, RESET_HEADER, RESET) > 0) {
    points += 1;
    evidence.push('closed and reset connections together: the request being served was cut, the ones not yet read were reset');
  }
  const noLive = input.errors.signatures['no-live-upstreams'];
  const followingNoLive = noLive?.firstS !== undefined && noLive.firstS >= closedFirst ? noLive.count : 0;
  if (followingNoLive > 0) {
    points += 1;
    evidence.push(`then ${followingNoLive} "no live upstreams": the dead servers were marked down (max_fails) and nothing was left`);
  }
  const failedLater = ['no-live-upstreams', 'connect-refused', 'upstream-timed-out-connecting'].some((id) => (input.errors.signatures[id]?.lastS ?? -Infinity) > closedLast);
  if (failedLater && answeredAfter(input, closedLast) === 0) {
    points += 2;
    evidence.push('no request was answered after it: the servers never came back');
  }
  return {
    id: 'backend-crash',
    title: 'the backend process crashed (or was killed, e.g. OOM) with requests in flight',
    // only resets, no request it died on: killed from outside (a deploy, an operator), not a crash
    confidence: onItsOwnRequest || unreachable > 0 ? confidenceFrom(points, 4, 2) : points >= 2 ? 'medium' : 'low',
    explains: n + (points >= 2 ? followingNoLive + whileDown : 0),
    evidence,
    fixes: [
      "find why it died: the container's exit code and OOMKilled flag (docker inspect, kubectl describe pod), dmesg; a crash that leaves no application log is often the kernel's OOM killer",
      'run more than one replica, so that proxy_next_upstream (error timeout) retries idempotent requests elsewhere; restart it automatically',
      'give it the memory it needs, or fix the leak',
    ],
    reproducible: true,
  };
}

function resets(input: CauseInput, n: number, base: string[], burst: boolean): CauseCandidate {
  const resetLines = count(input, RESET_HEADER, RESET);
  const evidence = [...base, `${percent(resetLines / n)} of these are resets (RST), not orderly closes`];
  const mostlyResets = resetLines / n >= 0.5;
  let points = mostlyResets ? 2 : 0;
  if (!burst) points += 1;
  if (keepaliveFacts(input).keepaliveOff) points += 1;
  return {
    id: 'backend-resets',
    title: 'the backend (or something between) resets connections',
    confidence: mostlyResets ? confidenceFrom(points, 4, 2) : 'low',
    explains: n,
    evidence,
    fixes: [
      "look at the backend's own log for errors at these times; a proxy, load balancer or conntrack table between nginx and the backend can also reset",
      'with several servers, proxy_next_upstream error retries idempotent requests on another one',
    ],
    reproducible: true,
  };
}

/** The failed attempts all ended after the same non-trivial time W: the backend's own timeout. */
function appServerTimeout(input: CauseInput, n: number, base: string[], burst: boolean): CauseCandidate | undefined {
  const failed = input.access?.timings.failed502;
  if (!failed || failed.count < 3 || failed.p50Ms < 20) return undefined;
  const tight = failed.minMs >= 0.7 * failed.p50Ms && failed.p90Ms <= 1.5 * failed.p50Ms + 10;
  if (!tight) return undefined;
  const read = input.settings.proxyReadTimeoutMs;
  const readTimeouts = count(input, 'upstream-timed-out-reading-header');
  const timedOut = input.access?.timings.timedOut;
  const readMs = read.fromConfig || !timedOut?.count ? read.value : timedOut.p50Ms;
  const close = Math.abs(failed.p50Ms - readMs) <= Math.max(0.05 * readMs, 20);
  return {
    id: 'app-server-timeout',
    title: close
      ? `the backend's own request timeout equals proxy_read_timeout (~${formatMs(failed.p50Ms)}): both give up on the same slow requests`
      : `the backend's own request timeout (~${formatMs(failed.p50Ms)}) kills slow requests before nginx's`,
    confidence: burst ? 'low' : failed.count >= 5 || close ? 'high' : 'medium',
    explains: n + (close ? readTimeouts : 0),
    evidence: [
      ...base,
      `${failed.count} failed attempts all ended after ${formatMs(failed.minMs)}–${formatMs(failed.p90Ms)} (p50 ${formatMs(failed.p50Ms)}): a timeout, not a crash`,
      `proxy_read_timeout ${setting(read)}${close ? `: the same value; the ${readTimeouts} read timeouts (504) are the same requests, where nginx fired first` : ''}`,
    ],
    fixes: [
      `raise the app server's request timeout (Gunicorn --timeout, uWSGI harakiri, PHP max_execution_time) above the slow requests' latency`,
      'and keep proxy_read_timeout above the backend timeout (e.g. backend 60 s, nginx 90 s), so the backend, not nginx, decides',
    ],
    reproducible: true,
  };
}



/** Resets while reading the body: the client already has its 200 (see body-cut), not a 502. */
export function bodyResets(input: CauseInput): number {
  return input.errors.signatures[RESET]?.phases.body ?? 0;
}
