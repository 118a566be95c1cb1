/**
 * Compares what the client saw with what nginx logged, status by status. They must agree: a
 * difference means a request was lost, cut off or answered twice. Each way a request can end
 * without a complete response has a known trace in the access log, and is expected there:
 * - the client gave up (its timeout, or the load's hard stop): nginx logs 499, or, when it had
 *   already sent the whole response as the client closed, the status it sent (a fast backend at
 *   the hard stop: of 64 requests cut off, nginx logged 27 as 499 and 37 as 200);
 * - an answer that was not HTTP (a backend's bytes passed on as HTTP/0.9): nginx logs 009;
 * - a body cut short: nginx logs the status it had sent;
 * - sent on a connection nginx closed before answering: nginx never saw the request, no line.
 * Any other difference is unexplained, and the variant fails on it (see evaluate).
 */
import { FAILURE_KINDS, type ClientObservation, type Reconciliation, type StatusCounts, type StatusDifference } from './observation.js';

export function reconcile(client: ClientObservation, accessLog: StatusCounts): Reconciliation {
  const gaveUp = (client.failed[FAILURE_KINDS.cutOff] ?? 0) + (client.failed[FAILURE_KINDS.timeout] ?? 0);
  const expected: StatusCounts = { ...client.statusCounts };
  const add = (status: string, n: number) => { if (n > 0) expected[status] = (expected[status] ?? 0) + n; };
  add('009', client.failed[FAILURE_KINDS.invalidResponse] ?? 0);
  for (const [status, n] of Object.entries(client.truncatedStatuses)) add(status, n);
  const answered = answeredAsAbandoned(expected, accessLog, gaveUp);
  for (const [status, n] of Object.entries(answered)) add(status, n);
  add('499', gaveUp - Object.values(answered).reduce((sum, n) => sum + n, 0));

  const differences: StatusDifference[] = [];
  for (const status of [...new Set([...Object.keys(expected), ...Object.keys(accessLog)])].sort()) {
    const fromClient = expected[status] ?? 0;
    const fromLog = accessLog[status] ?? 0;
    if (fromClient !== fromLog) differences.push({ status, client: fromClient, accessLog: fromLog });
  }

  const notes: string[] = [];
  if (gaveUp > 0) {
    notes.push(`${gaveUp} request(s) were abandoned by the client (${client.failed[FAILURE_KINDS.cutOff] ?? 0} cut off at the hard stop, ${client.failed[FAILURE_KINDS.timeout] ?? 0} client timeouts); nginx logs those as 499.`);
    const late = Object.entries(answered).map(([status, n]) => `${n} as ${status}`);
    if (late.length > 0) notes.push(`nginx had already sent the whole response of some of them as the client closed, and logged ${late.join(', ')}.`);
  }
  const noResponse = client.failed[FAILURE_KINDS.noResponse] ?? 0;
  if (noResponse > 0) {
    notes.push(`${noResponse} request(s) were sent on a connection nginx closed before answering, and got neither a response nor an error; nginx never logged them.`);
  }
  const truncated = client.failed[FAILURE_KINDS.truncated] ?? 0;
  if (truncated > 0) notes.push(`${truncated} response(s) had their body cut short; nginx logged the status it had sent.`);
  const socketErrors = Object.entries(client.failed).filter(([kind]) => !Object.values<string>(FAILURE_KINDS).includes(kind));
  if (socketErrors.length > 0) {
    notes.push(`requests that ended in a socket error: ${socketErrors.map(([kind, n]) => `${kind}×${n}`).join(', ')}.`);
  }
  if (differences.length > 0) {
    notes.push(`client and access log disagree on ${differences.map((d) => `${d.status} (client ${d.client}, access log ${d.accessLog})`).join(', ')}: a request was lost or counted twice in a way none of the above explains.`);
  }
  return { agrees: differences.length === 0, differences, notes };
}

/**
 * Of the requests the client abandoned, those nginx logged with the status it had sent (not 499):
 * the access log's surplus over the client's count, status by status, when every such surplus
 * together with the log's 499s makes up exactly the abandoned requests. Otherwise none: the
 * difference stays unexplained.
 */
function answeredAsAbandoned(expected: StatusCounts, accessLog: StatusCounts, gaveUp: number): StatusCounts {
  if (gaveUp === 0) return {};
  const surplus: StatusCounts = {};
  for (const [status, n] of Object.entries(accessLog)) {
    const over = n - (expected[status] ?? 0);
    if (status !== '499' && over > 0) surplus[status] = over;
  }
  const total = Object.values(surplus).reduce((sum, n) => sum + n, 0);
  const logged499 = (accessLog['499'] ?? 0) - (expected['499'] ?? 0);
  return total > 0 && total + logged499 === gaveUp ? surplus : {};
}
