/**
 * 502s where nginx could not reach a server: refused connections in a burst (a restart) or
 * throughout (down, wrong port), every server marked down (max_fails cascade), a name that does
 * not resolve, a unix socket the worker may not open; a rolling restart.
 */
import { formatMs } from '../../scenario/units.js';
import { OTHER_KEY } from '../bounded-tally.js';
import { formatClock } from '../time-key.js';
import {
  answeredAfter, count, extentS, isBurst, linesEvidence, observedSpanS, setting, successes, whereFrom, type CauseCandidate, type CauseInput,
} from './cause-input.js';

const REFUSED = 'connect-refused';
const NO_LIVE = 'no-live-upstreams';
const DISABLED = 'upstream-temporarily-disabled';

export function refusedCauses(input: CauseInput): CauseCandidate[] {
  const n = count(input, REFUSED);
  if (n === 0) return [];
  const refused = input.errors.signatures[REFUSED]!;
  const evidence = [linesEvidence(input, REFUSED)];
  const where = whereFrom(input.errors.perUpstream, [REFUSED]);
  if (where) evidence.push(`to ${where}`);
  const burst = isBurst(input, REFUSED);
  const extent = extentS(input, REFUSED) ?? 0;
  const ok = successes(input);
  const span = observedSpanS(input);
  const recovered = refused.lastS === undefined ? null : answeredAfter(input, refused.lastS);
  const recoveryKnown = recovered !== null;
  if (burst) evidence.push(`all within ${extent} s of ${span} s observed${ok !== null ? `, with ${ok} answered requests around them` : ''}`);
  else evidence.push(`spread over ${extent} s of ${span} s observed`);
  if (recovered !== null) evidence.push(recovered > 0 ? `${recovered} requests answered after the last refusal: it came back` : 'nothing answered after the refusals: it did not come back');
  if (ok === 0) evidence.push('no request was answered at all');
  const closedFirst = input.errors.signatures['upstream-prematurely-closed-header']?.firstLine ?? Infinity;
  const afterCrash = closedFirst < refused.firstLine;
  if (afterCrash) evidence.push('a request was cut ("prematurely closed") before the refusals: the process died on it (see backend-crash)');
  const killedFirst = count(input, 'upstream-reset-reading-header', 'upstream-reset');
  const gone = count(input, 'upstream-timed-out-connecting');
  const down = !afterCrash && (recovered === 0 || (!burst && (ok === null || ok === 0 || isConcentratedOnFailingServer(input))));
  const restarted = burst && recovered !== 0;
  const noLive = input.errors.signatures[NO_LIVE];
  const followingNoLive = down && noLive && noLive.firstLine > refused.firstLine ? noLive.count : 0;
  if (followingNoLive > 0) evidence.push(`then ${followingNoLive} "no live upstreams": max_fails marked the refusing servers down, and nginx stopped trying them`);
  return [
    {
      id: 'backend-restart',
      title: 'the backend restarted (deploy, crash loop, OOM kill): nothing listened for a few seconds',
      confidence: restarted ? (afterCrash ? 'medium' : 'high') : 'low',
      explains: n + (restarted && !afterCrash ? killedFirst + gone : 0),
      evidence,
      fixes: [
        'deploy with overlap: start the new process before stopping the old one, drain on SIGTERM; keep more than one server in the upstream',
        'retries (proxy_next_upstream error, the default) then move requests to a live server',
        'if it is a crash loop, its exit code and OOMKilled flag say why',
      ],
      reproducible: true,
      decidedBy: 'the access log: were requests answered after the refusals (a restart) or not (down)?',
      ...(recoveryKnown ? {} : { precondition: { holds: undefined, why: 'a restart means it answered again afterwards; without the access log that is unknown' } }),
    },
    {
      id: 'backend-down',
      title: 'nothing listens on the backend address (process not running, wrong port)',
      confidence: down ? 'high' : burst || afterCrash ? 'low' : 'medium',
      explains: n + followingNoLive + (down && recovered === 0 ? killedFirst + gone : 0),
      evidence,
      fixes: [
        'start the backend, or point the upstream server at the port it listens on (ss -tlnp on the backend host)',
        'check that it listens on an address nginx can reach (0.0.0.0, not 127.0.0.1 inside a container)',
      ],
      reproducible: true,
      decidedBy: 'the access log: were requests answered after the refusals (a restart) or not (down)?',
    },
  ];
}

/** With several servers, one of them fails every time while the others answer. */
function isConcentratedOnFailingServer(input: CauseInput): boolean {
  const perUpstream = input.access?.perUpstream ?? {};
  return Object.values(perUpstream).some((statuses) => {
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    return total >= 5 && (statuses['502'] ?? 0) / total >= 0.95;
  });
}

export function maxFailsCauses(input: CauseInput): CauseCandidate[] {
  const noLive = count(input, NO_LIVE);
  if (noLive === 0) return [];
  const s = input.settings;
  const disabled = input.errors.signatures[DISABLED];
  const firstNoLive = input.errors.signatures[NO_LIVE]!;
  const evidence = [linesEvidence(input, NO_LIVE)];
  let confidence: 'high' | 'medium' = 'medium';
  if (disabled && disabled.firstLine <= firstNoLive.firstLine) {
    confidence = 'high';
    evidence.push(`${disabled.count} "upstream server temporarily disabled" lines, the first before the first "no live upstreams": servers were marked down one by one until none was left`);
  } else {
    evidence.push('no "temporarily disabled" warnings before them (is error_log below warn level?)');
  }
  evidence.push(`max_fails ${s.maxFails.value} (${s.maxFails.fromConfig ? 'nginx.conf' : 'nginx default'}), fail_timeout ${setting(s.failTimeoutMs)}${s.upstreamServers > 0 ? `, ${s.upstreamServers} servers` : ''}`);
  const crashFirst = Math.min(...['upstream-prematurely-closed-header', 'upstream-reset-reading-header'].map((id) => input.errors.signatures[id]?.firstS ?? Infinity));
  if (crashFirst <= (firstNoLive.firstS ?? Infinity) && count(input, 'upstream-prematurely-closed-header', 'upstream-reset-reading-header') > 0) {
    confidence = 'medium';
    evidence.push('the servers were marked down right after a burst of closed and reset connections: they had died (see backend-crash), max_fails only made it visible at once');
  }
  const ok = successes(input);
  if (count(input, REFUSED) > 0 && ok === 0) {
    confidence = 'medium';
    evidence.push('no request was ever answered and the servers refused connections: they were down (see backend-down), max_fails only stopped nginx from trying');
  }
  const triggers = Object.entries(input.errors.signatureCounts).filter(([id]) => ![NO_LIVE, DISABLED, 'unknown'].includes(id));
  if (triggers.length > 0) evidence.push(`the failures that marked them down: ${triggers.map(([id, n]) => `${id} ${n}`).join(', ')}`);
  return [{
    id: 'max-fails-cascade',
    title: `max_fails cascade: failures marked every server down for fail_timeout (${formatMs(s.failTimeoutMs.value)}), then nginx refused at once`,
    confidence,
    explains: noLive,
    evidence,
    fixes: [
      'raise max_fails (or set max_fails=0 when the failures are slow responses rather than dead servers) so one slow or failed request does not take a server out',
      'shorten fail_timeout, and fix the failures that trip it (the next cause in this list)',
      'add a backup server for the time when all are marked down',
    ],
    reproducible: true,
  }];
}

export function unreachableConfigCauses(input: CauseInput): CauseCandidate[] {
  const causes: CauseCandidate[] = [];
  const socket = count(input, 'unix-socket-permission-denied');
  if (socket > 0) {
    causes.push({
      id: 'unix-socket-permission',
      title: 'the nginx worker may not connect to the backend unix socket',
      confidence: 'high',
      explains: socket,
      evidence: [linesEvidence(input, 'unix-socket-permission-denied')],
      fixes: ["give the socket a group or mode the nginx user can write (PHP-FPM listen.owner/listen.group/listen.mode), or check SELinux/AppArmor denials"],
      reproducible: false,
    });
  }
  const DNS = ['upstream-host-not-found', 'resolver-server-failure', 'resolver-timed-out', 'no-resolver-defined'];
  const dns = count(input, ...DNS);
  if (dns > 0) {
    causes.push({
      id: 'dns-failure',
      title: 'the backend name (proxy_pass with a variable, or server … resolve) does not resolve at run time',
      confidence: 'high',
      explains: dns,
      evidence: DNS.filter((id) => count(input, id) > 0).map((id) => linesEvidence(input, id)),
      fixes: [
        'NXDOMAIN: check the name (a DNS record removed during a deploy, a service renamed)',
        'timeouts and server failures: check the resolver directive (in Docker 127.0.0.11, in Kubernetes the cluster DNS service) and that nginx can reach it',
        'no resolver defined: add resolver … valid=10s; where proxy_pass uses a variable',
      ],
      reproducible: false,
    });
  }
  return causes;
}

/**
 * A rolling restart (a deploy): the servers of the group fail one after another, each in one short
 * window of its own, and answer again afterwards. What fails in each window (cut requests, refused
 * connections) depends on how the app shuts down; the sequence is the signature.
 */
export function rollingRestartCauses(input: CauseInput): CauseCandidate[] {
  const windows = Object.entries(input.errors.upstreamWindows).filter(([key]) => key !== OTHER_KEY);
  if (windows.length < 2) return [];
  const span = observedSpanS(input);
  const bound = Math.max(2, 0.15 * span);
  const sorted = windows.sort((a, b) => a[1].firstS - b[1].firstS);
  const short = sorted.every(([, w]) => w.lastS - w.firstS + 1 <= bound);
  const sequential = sorted.every(([, w], i) => i === 0 || w.firstS > sorted[i - 1]![1].lastS);
  if (!short || !sequential || span < 3 * sorted.length) return [];
  const last = sorted[sorted.length - 1]![1];
  const recovered = answeredAfter(input, last.lastS);
  const lines = sorted.reduce((sum, [, w]) => sum + w.lines, 0);
  return [{
    id: 'backend-restart',
    title: 'a rolling restart (deploy): the servers failed one after another, each briefly, and came back',
    confidence: recovered === 0 ? 'medium' : 'high',
    decidedBy: 'the access log: did each server answer again after its failures?',
    ...(recovered === null ? { precondition: { holds: undefined, why: 'a rolling restart means each server came back; without the access log that is unknown' } } : {}),
    explains: lines,
    evidence: [
      `${sorted.length} servers failed in turn, each within ${Math.max(...sorted.map(([, w]) => w.lastS - w.firstS + 1))} s: ${sorted.map(([key, w]) => `${key} at ${formatClock(w.firstS).slice(11)} (${w.lines})`).join(', ')}`,
      recovered === null ? 'no access log: whether they answered afterwards is unknown' : `${recovered} requests answered after the last one`,
    ],
    fixes: [
      "shut down gracefully: on SIGTERM stop accepting, finish the requests in flight, then exit (and give the orchestrator's grace period the time for it)",
      'keep proxy_next_upstream error timeout (the default) so that connection attempts refused by the stopping server go to the others; non-idempotent requests already sent cannot be resent',
      'take a server out of the upstream (or fail its health check) before stopping it',
    ],
    reproducible: true,
  }];
}
