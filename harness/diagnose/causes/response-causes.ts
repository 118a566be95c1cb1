/**
 * Failures in what the backend sent: a header too big for proxy_buffer_size, an invalid header
 * line, no HTTP at all (passed on as HTTP/0.9), a body cut after the status went out, and 5xx
 * the backend sent itself (nginx only passed them on: no error-log line).
 */
import { formatSize } from '../nginx-settings.js';
import { count, describeCounts, linesEvidence, setting, whereFrom, type CauseCandidate, type CauseInput } from './cause-input.js';

export function responseCauses(input: CauseInput): CauseCandidate[] {
  const causes: CauseCandidate[] = [];
  const big = count(input, 'upstream-too-big-header');
  if (big > 0) {
    const buffer = input.settings.proxyBufferSizeBytes;
    causes.push({
      id: 'header-too-big',
      title: `the backend's response header does not fit in proxy_buffer_size (${formatSize(buffer.value)})`,
      confidence: 'high',
      explains: big,
      evidence: [linesEvidence(input, 'upstream-too-big-header'), `proxy_buffer_size ${setting(buffer, formatSize)}`, ...where(input, 'upstream-too-big-header')],
      fixes: [
        `raise proxy_buffer_size (and proxy_buffers / proxy_busy_buffers_size with it), e.g. to ${formatSize(Math.max(16384, buffer.value * 4))}`,
        'or make the backend send smaller headers (large cookies, long Link or CSP headers, debug headers)',
      ],
      reproducible: true,
    });
  }
  const invalid = count(input, 'upstream-invalid-header');
  if (invalid > 0) {
    causes.push({
      id: 'invalid-header',
      title: 'the backend sends a header line nginx cannot parse',
      confidence: 'high',
      explains: invalid,
      evidence: [linesEvidence(input, 'upstream-invalid-header'), ...where(input, 'upstream-invalid-header'), ...(input.errors.signatures['upstream-invalid-header']?.examples.slice(0, 1) ?? [])],
      fixes: ['fix the header the backend writes (control characters, spaces or underscores in a name, a bare CR, a duplicate Content-Length)'],
      reproducible: true,
    });
  }
  const garbage = count(input, 'upstream-no-valid-http-header');
  const status009 = input.access?.statusCounts['009'] ?? 0;
  if (garbage > 0 || status009 > 0) {
    causes.push({
      id: 'not-http',
      title: 'the backend answers without an HTTP status line (nginx passes the bytes on as HTTP/0.9)',
      confidence: 'high',
      explains: Math.max(garbage, status009),
      evidence: [
        ...(garbage > 0 ? [linesEvidence(input, 'upstream-no-valid-http-header')] : []),
        ...(status009 > 0 ? [`${status009} requests logged with status 009 (HTTP/0.9): clients see garbage, not a 502`] : []),
      ],
      fixes: ['check that nginx talks to the right port and protocol (HTTP vs. FastCGI/uwsgi/TLS/gRPC); fix the backend writing raw bytes'],
      reproducible: true,
    });
  }
  const resetInBody = input.errors.signatures['upstream-reset-reading-body']?.count ?? 0;
  const cut = count(input, 'upstream-prematurely-closed-body', 'upstream-timed-out-reading-body', 'upstream-invalid-chunked') + resetInBody;
  if (cut > 0) {
    causes.push({
      id: 'body-cut',
      title: 'the backend stops in the middle of the body: clients get a 200 with a truncated body',
      confidence: 'high',
      explains: cut,
      evidence: [
        ...['upstream-prematurely-closed-body', 'upstream-timed-out-reading-body', 'upstream-invalid-chunked'].filter((id) => count(input, id) > 0).map((id) => linesEvidence(input, id)),
        ...(resetInBody > 0 ? [`${resetInBody} upstream-reset lines "while reading upstream": reset in the body, after the status was sent`] : []),
      ],
      fixes: [
        'find why the backend stops streaming (a crash or a timeout in the middle of a large response, a proxy_read_timeout shorter than a pause between chunks)',
        'these are not 5xx in the access log: watch $bytes_sent or client errors',
      ],
      reproducible: true,
    });
  }
  const fromBackend = Object.values(input.access?.backend5xx ?? {}).reduce((a, b) => a + b, 0);
  if (fromBackend > 0) {
    causes.push({
      id: 'backend-5xx',
      title: 'the backend itself answers with 5xx (nginx only passes them on)',
      confidence: 'high',
      explains: fromBackend,
      evidence: [
        `${fromBackend} requests whose 5xx came from the backend with a header time (${describeCounts(input.access!.backend5xx)}): no nginx error line goes with them`,
      ],
      fixes: ["look at the backend's own log (and whatever it calls: an upstream proxy of its own, a database) for these requests"],
      reproducible: true,
    });
  }
  return causes;
}

function where(input: CauseInput, id: string): string[] {
  const endpoints = whereFrom(input.errors.perEndpoint, [id]);
  return endpoints ? [`on ${endpoints}`] : [];
}

export function capacityCauses(input: CauseInput): CauseCandidate[] {
  const causes: CauseCandidate[] = [];
  const limited = count(input, 'limiting-requests', 'limiting-connections');
  if (limited > 0) {
    const s = input.settings;
    const evidence = ['limiting-requests', 'limiting-connections'].filter((id) => count(input, id) > 0).map((id) => linesEvidence(input, id));
    if (s.limitReqRatePerS.fromConfig) evidence.push(`limit_req rate ${s.limitReqRatePerS.value} r/s, burst ${s.limitReqBurst.value} (nginx.conf)`);
    if (input.pattern.kind === 'follows-traffic' || input.pattern.kind === 'storm') evidence.push(input.pattern.summary);
    causes.push({
      id: 'rate-limited',
      title: 'nginx itself rejects requests over limit_req / limit_conn (503)',
      confidence: 'high',
      explains: limited,
      evidence,
      fixes: [
        'raise the rate or the burst (limit_req ... burst=N nodelay) if the traffic is legitimate; key the zone per client, not globally',
        'return 429 instead of 503 (limit_req_status 429) so clients and dashboards tell a limit from an outage',
      ],
      reproducible: true,
    });
  }
  const workers = count(input, 'worker-connections-not-enough');
  if (workers > 0) {
    causes.push({
      id: 'worker-connections',
      title: 'worker_connections is exhausted (each proxied request holds two connections)',
      confidence: 'high',
      explains: workers,
      evidence: [linesEvidence(input, 'worker-connections-not-enough'), `worker_connections ${input.settings.workerConnections.value} (${input.settings.workerConnections.fromConfig ? 'nginx.conf' : 'nginx default'})`],
      fixes: ['raise worker_connections (and worker_rlimit_nofile with it); upstream keepalive lowers the count of connections in use'],
      reproducible: true,
    });
  }
  return causes;
}
