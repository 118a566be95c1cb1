/**
 * Compares what the client saw with what nginx logged, status by status. They must agree: a
 * difference means a request was lost, cut off or answered twice, and is reported, never hidden.
 * Requests the client gave up on (its timeout, or the load's hard stop) appear in the access log
 * as 499, so those are expected there.
 */
import type { ClientObservation, Reconciliation, StatusCounts, StatusDifference } from './observation.js';

export function reconcile(client: ClientObservation, accessLog: StatusCounts): Reconciliation {
  const clientGaveUp = client.cutOffAtStop + (client.transportErrors.timeout ?? 0);
  const expectedFromClient: StatusCounts = { ...client.statusCounts };
  if (clientGaveUp > 0) expectedFromClient['499'] = (expectedFromClient['499'] ?? 0) + clientGaveUp;
  // A response that was not HTTP is what nginx logs as status 009 (the backend's bytes as HTTP/0.9).
  const notHttp = client.transportErrors['invalid-response'] ?? 0;
  if (notHttp > 0) expectedFromClient['009'] = (expectedFromClient['009'] ?? 0) + notHttp;

  const differences: StatusDifference[] = [];
  const statuses = new Set([...Object.keys(expectedFromClient), ...Object.keys(accessLog)]);
  for (const status of [...statuses].sort()) {
    const fromClient = expectedFromClient[status] ?? 0;
    const fromLog = accessLog[status] ?? 0;
    if (fromClient !== fromLog) differences.push({ status, client: fromClient, accessLog: fromLog });
  }

  const notes: string[] = [];
  if (clientGaveUp > 0) {
    notes.push(`${clientGaveUp} request(s) were abandoned by the client (${client.cutOffAtStop} cut off at the hard stop, ${client.transportErrors.timeout ?? 0} client timeouts); nginx logs those as 499.`);
  }
  if (client.unanswered > 0) {
    notes.push(`${client.unanswered} request(s) were sent on a connection nginx closed before answering, and got neither a response nor an error; nginx never logged them.`);
  }
  const otherErrors = Object.entries(client.transportErrors).filter(([kind]) => kind !== 'timeout');
  if (otherErrors.length > 0) {
    notes.push(`requests that ended without a status: ${otherErrors.map(([kind, n]) => `${kind}×${n}`).join(', ')}.`);
  }
  if (differences.length > 0) {
    notes.push('client and access log disagree: the client-side counts are what the expectations use.');
  }
  return { agrees: differences.length === 0, differences, notes };
}
