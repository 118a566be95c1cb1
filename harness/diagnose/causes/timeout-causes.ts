/**
 * 504s: nginx gave up waiting. Reading the header: is the timeout below the backend's real latency
 * (timed-out attempts piled up exactly at proxy_read_timeout, the answered ones far below it), or
 * is the backend slowing (answered ones spread up to the timeout, rising over time or with
 * traffic)? Connecting: the backend does not accept. Sending: the backend does not read.
 */
import { formatMs } from '../../scenario/units.js';
import type { TimingSummary } from '../../observe/observation.js';
import {
  describeCounts, episodeOf, isBurst, isEpisode, linesEvidence, methodsOf, setting, whereFrom, type CauseCandidate, type CauseInput,
} from './cause-input.js';
import type { SeriesSnapshot } from '../time-series.js';

const READ = 'upstream-timed-out-reading-header';

export function readTimeoutCauses(input: CauseInput): CauseCandidate[] {
  const n = input.errors.signatureCounts[READ] ?? 0;
  if (n === 0) return [];
  const read = input.settings.proxyReadTimeoutMs;
  const timings = input.access && input.access.withUpstreamFields > 0 ? input.access.timings : undefined;
  const timedOut = timings?.timedOut;
  const timeoutMs = read.fromConfig || !timedOut?.count ? read.value : timedOut.p50Ms;
  const evidence = [linesEvidence(input, READ)];
  const where = whereFrom(input.errors.perEndpoint, [READ]);
  if (where) evidence.push(`on ${where}`);
  let piled: boolean | undefined;
  if (timedOut && timedOut.count > 0) {
    piled = Math.abs(timedOut.p50Ms - timeoutMs) <= Math.max(0.05 * timeoutMs, 20) && timedOut.p90Ms <= timeoutMs * 1.1 + 20;
    const against = read.fromConfig ? `proxy_read_timeout ${setting(read)}` : `${formatMs(timeoutMs)} (proxy_read_timeout inferred from them: no nginx.conf given)`;
    evidence.push(`${timedOut.count} timed-out attempts: upstream_response_time p50 ${formatMs(timedOut.p50Ms)}, p90 ${formatMs(timedOut.p90Ms)}: ${piled ? 'piled up at' : 'not at'} ${against}`);
  }
  const ok = timings?.okHeader;
  let creep: boolean | undefined;
  if (ok && ok.count > 0) {
    const spread = ok.p90Ms >= 0.5 * timeoutMs || ok.p99Ms >= 0.8 * timeoutMs;
    const trend = headerTrend(input.access!.series);
    const rising = trend !== null && trend.lateMs >= 1.5 * trend.earlyMs && trend.lateMs >= 0.3 * timeoutMs;
    creep = spread || rising;
    evidence.push(`${ok.count} answered attempts: header time ${timingText(ok)}: ${spread ? 'spread up to the timeout' : 'far below the timeout'}`);
    if (trend) evidence.push(`header time of answered requests went from ~${formatMs(trend.earlyMs)} (first quarter) to ~${formatMs(trend.lateMs)} (last quarter)${rising ? ': rising' : ''}`);
  } else if (timings) {
    evidence.push('no request got its header in time: every request takes longer than the timeout');
  } else {
    evidence.push('no upstream timings (no access log with $upstream_response_time): piled-up vs. creeping latency cannot be told apart');
  }
  const episode = episodeOf(input, READ);
  const stalled = isEpisode(episode) || (isBurst(input, READ) && (episode === null || (episode.before > 0 && episode.after > 0)));
  if (episode && stalled) evidence.push(`the timeouts form one episode: ${episode.before} answered before, ${episode.during} during, ${episode.after} after`);
  const followsTraffic = input.pattern.kind === 'follows-traffic';
  if (followsTraffic) evidence.push(input.pattern.summary);
  const fixedTimeout = `proxy_read_timeout ${formatMs(timeoutMs)}`;
  const decidedBy = timings
    ? "the backend's own log at these times (a GC pause, a freeze, a slow dependency)"
    : 'the access log with $upstream_response_time and $upstream_header_time (docs/diagnose.md has a log_format): piled up at the timeout, spread below it, or an episode with answers before and after';
  return [
    {
      id: 'timeout-below-latency',
      title: `proxy_read_timeout (${formatMs(timeoutMs)}) is below the backend's real latency`,
      confidence: stalled ? 'low' : piled === true && creep !== true && !followsTraffic ? 'high' : piled === undefined && creep === undefined ? 'medium' : 'low',
      explains: n,
      evidence,
      fixes: [
        `raise proxy_read_timeout above the real latency of the slow requests (${fixedTimeout} now), with margin: P99 plus 20–30%`,
        "keep the backend's own request timeout (Gunicorn --timeout, uWSGI harakiri, …) below proxy_read_timeout, so the backend answers before nginx gives up",
        'or make the slow endpoints faster or asynchronous (202 + polling)',
      ],
      reproducible: true,
      decidedBy,
    },
    {
      id: 'backend-stall',
      title: 'the backend stalled for a while (GC pause, frozen VM or container, a lock) and answered again',
      confidence: stalled ? 'high' : 'low',
      explains: n,
      evidence,
      fixes: [
        "find what froze it at that time: GC logs (stop-the-world pauses), the host's steal time, a paused container, a lock or a stuck dependency",
        'with several servers, a proxy_read_timeout near the real latency plus proxy_next_upstream timeout resends the waiting requests to a healthy one',
      ],
      reproducible: true,
      decidedBy,
      ...(episode === null ? { precondition: { holds: undefined, why: 'a stall means requests were answered before and after the timeouts; without the access log that is unknown' } } : {}),
    },
    {
      id: 'slowing-backend',
      title: `the backend is slowing down: its latency spreads up to proxy_read_timeout (${formatMs(timeoutMs)})`,
      confidence: stalled ? 'low' : creep === true ? 'high' : followsTraffic ? 'medium' : 'low',
      explains: n,
      evidence,
      fixes: [
        'find what slows the backend: CPU saturation, memory swapping, an exhausted DB or connection pool, blocking calls in an async server (event loop)',
        'raising proxy_read_timeout only hides it; add capacity or shed load, and alert on upstream_header_time P99 approaching the timeout',
      ],
      reproducible: true,
      decidedBy,
    },
  ];
}

export function connectTimeoutCauses(input: CauseInput): CauseCandidate[] {
  const id = 'upstream-timed-out-connecting';
  const n = input.errors.signatureCounts[id] ?? 0;
  if (n === 0) return [];
  const evidence = [linesEvidence(input, id), `proxy_connect_timeout ${setting(input.settings.proxyConnectTimeoutMs)}`];
  const where = whereFrom(input.errors.perUpstream, [id]);
  if (where) evidence.push(`to ${where}`);
  const t = input.access?.timings.timedOutConnecting;
  if (t && t.count > 0) evidence.push(`${t.count} attempts never connected: upstream_response_time p50 ${formatMs(t.p50Ms)} (the connect timeout)`);
  return [{
    id: 'connect-timeout',
    title: 'the backend does not accept connections in time (accept queue full, SYNs dropped, host unreachable)',
    confidence: 'high',
    explains: n,
    evidence,
    fixes: [
      "raise the backend's listen backlog and its accept capacity (workers); check somaxconn and firewalls dropping SYNs",
      'lower proxy_connect_timeout (a few seconds at most) so that nginx moves on to another server quickly (proxy_next_upstream timeout)',
    ],
    reproducible: true,
  }];
}

export function sendTimeoutCauses(input: CauseInput): CauseCandidate[] {
  const id = 'upstream-timed-out-sending';
  const n = input.errors.signatureCounts[id] ?? 0;
  if (n === 0) return [];
  const methods = methodsOf(input, id);
  return [{
    id: 'send-timeout',
    title: 'the backend stops reading the request body (proxy_send_timeout elapsed)',
    confidence: 'high',
    explains: n,
    evidence: [linesEvidence(input, id), `proxy_send_timeout ${setting(input.settings.proxySendTimeoutMs)}`, `methods: ${describeCounts(methods)}`],
    fixes: [
      'make the backend read the whole request body (or reject it at once with 413) instead of leaving it unread',
      'keep proxy_request_buffering on so that nginx sends the body in one go; cap it with client_max_body_size',
    ],
    reproducible: true,
  }];
}

export function timingText(t: TimingSummary): string {
  return `p50 ${formatMs(t.p50Ms)}, p90 ${formatMs(t.p90Ms)}, p99 ${formatMs(t.p99Ms)}, max ${formatMs(t.maxMs)}`;
}



export interface HeaderTrend {
  earlyMs: number;
  lateMs: number;
}

export function headerTrend(series: SeriesSnapshot): HeaderTrend | null {
  const buckets = series.buckets.filter((b) => (b.counts.okHdrN ?? 0) > 0);
  if (buckets.length < 4) return null;
  const quarter = Math.max(1, Math.floor(buckets.length / 4));
  const mean = (part: typeof buckets) => {
    const sum = part.reduce((s, b) => s + (b.counts.okHdrSumMs ?? 0), 0);
    const n = part.reduce((s, b) => s + (b.counts.okHdrN ?? 0), 0);
    return n > 0 ? sum / n : 0;
  };
  return { earlyMs: mean(buckets.slice(0, quarter)), lateMs: mean(buckets.slice(-quarter)) };
}
