/**
 * Checks every variant gets besides its own expectations, so that nothing measured is never a
 * pass (pure): a variant that sent no request, or whose requests never reached an upstream, is
 * inconclusive; one whose client counts and access log disagree in a way the report cannot
 * explain fails; an open-model load that did not deliver its declared arrivals (a start dropped,
 * or more than MAX_LATE_SHARE of them late) fails, and so does a load bounded by a request count that
 * did not send them all before its time bound: it was not the traffic the scenario promised.
 * Requests that failed because nginx could not resolve the upstream's name did reach a proxying
 * location: the error log says so, and they are what such a variant measures.
 */
import { MAX_SEND_MS } from '../load/load-driver.js';
import type { Observation } from '../observe/observation.js';
import type { Verdict, VerdictResult } from './verdict.js';

/** Signatures of a request that reached proxy_pass and failed on resolving the upstream's name. */
const RESOLVING_FAILED = ['upstream-host-not-found', 'resolver-server-failure', 'resolver-timed-out', 'no-resolver-defined'];

/** Late starts an open-model load may have and still count as delivering its rate. */
export const MAX_LATE_SHARE = 0.01;

export function integrityVerdicts(observation: Observation): Verdict[] {
  const verdicts: Verdict[] = [];
  const add = (expectation: string, expected: string, measured: string, result: VerdictResult, source: Verdict['source']) =>
    verdicts.push({ expectation, expected, measured, measuredValue: null, pass: result === 'pass', result, source });
  const { client, accessLog, reconciliation } = observation;
  if (client.sent === 0) {
    add('requests', 'at least one sent', 'no request was sent: nothing was measured', 'inconclusive', 'client');
  } else if (accessLog.upstreamAttempts === 0 && !RESOLVING_FAILED.some((id) => (observation.errorLog.signatureCounts[id] ?? 0) > 0)) {
    const logged = Object.entries(accessLog.statusCounts).map(([status, n]) => `${status}×${n}`).join(' ');
    const what = accessLog.lines === 0
      ? `nginx logged none of the ${client.sent} requests`
      : `nginx answered all ${client.sent} requests itself (${logged}) without trying an upstream`;
    add('upstream', 'reached by the load', `${what}: point the load at a location that proxies (a path, or a Host header for server_name)`, 'inconclusive', 'access_log');
  }
  if (client.declaredRequests !== undefined && client.sent < client.declaredRequests) {
    add('load.requests', `all ${client.declaredRequests} declared requests sent`, `${client.sent} of ${client.declaredRequests} sent before the load's time bound (${MAX_SEND_MS / 1000} s and one client timeout): fewer requests, or a faster backend and machine, let them all go out`, 'fail', 'client');
  }
  const schedule = client.schedule;
  if (schedule) {
    const lateShare = schedule.intended > 0 ? schedule.late / schedule.intended : 0;
    const measured = `${schedule.started} of ${schedule.intended} intended starts sent (${Math.round(schedule.deliveredPerSecond * 10) / 10} of ${Math.round(schedule.declaredPerSecond * 10) / 10} req/s), ${schedule.dropped} dropped, ${schedule.late} late (over ${schedule.lateThresholdMs} ms; in-flight peak ${schedule.peakInFlight} of ${schedule.maxInFlight})`;
    const delivered = schedule.dropped === 0 && lateShare <= MAX_LATE_SHARE;
    add('load.arrival_rate', `declared arrivals delivered (none dropped, at most ${MAX_LATE_SHARE * 100}% late)`, measured, delivered ? 'pass' : 'fail', 'client');
  }
  if (!reconciliation.agrees) {
    const differences = reconciliation.differences.map((d) => `${d.status}: client ${d.client}, access log ${d.accessLog}`).join('; ');
    add('client-vs-access-log', 'every request accounted for', `unexplained difference (${differences})`, 'fail', 'access_log');
  }
  return verdicts;
}
