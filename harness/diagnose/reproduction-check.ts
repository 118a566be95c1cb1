/**
 * Did a run of an emitted scenario bring back what the log showed (pure)? The log's failure
 * signatures and its 5xx statuses (from the access log, or inferred from the error lines) are
 * compared with what the as-diagnosed variant observed: real nginx's error log and the statuses
 * its clients got. Only "yes" is a reproduction.
 */
import type { Observation } from '../observe/observation.js';
import { isFailureSignature } from './diagnosis-tables.js';
import type { Diagnosis } from './diagnosis.js';

export interface ReproductionCheck {
  verdict: 'yes' | 'partly' | 'no';
  signatures: { id: string; inLog: number; observed: number }[];
  statuses: { status: string; inLog: number; observed: number }[];
  summary: string;
}

export function checkReproduction(d: Diagnosis, observation: Observation | undefined, outcome: string): ReproductionCheck {
  const seen = observation?.errorLog.signatureCounts ?? {};
  const clients = observation?.client.statusCounts ?? {};
  const signatures = Object.entries(d.errorLog.signatures)
    .filter(([id]) => isFailureSignature(id))
    .map(([id, inLog]) => ({ id, inLog, observed: seen[id] ?? 0 }));
  const statuses = Object.entries(d.statusMix.counts)
    .filter(([status]) => /^5\d\d$/.test(status))
    .map(([status, inLog]) => ({ status, inLog, observed: clients[status] ?? 0 }));
  const wanted = signatures.length + statuses.length;
  const back = signatures.filter((s) => s.observed > 0).length + statuses.filter((s) => s.observed > 0).length;
  const verdict = observation === undefined || back === 0 ? 'no' : back === wanted ? 'yes' : 'partly';
  const missing = [...signatures.filter((s) => s.observed === 0).map((s) => s.id), ...statuses.filter((s) => s.observed === 0).map((s) => s.status)];
  const summary = observation === undefined
    ? `not reproduced: the run did not complete (${outcome})`
    : verdict === 'yes'
      ? `reproduced: every failure signature and 5xx status of the log came back (${[...signatures.map((s) => `${s.id} ×${s.observed}`), ...statuses.map((s) => `${s.status} ×${s.observed}`)].join(', ')})`
      : `${verdict === 'partly' ? 'partly reproduced' : 'not reproduced'}: ${back} of ${wanted} came back; missing: ${missing.join(', ')}`;
  return { verdict, signatures, statuses, summary };
}
