/** Assembles the Observation from what the collectors brought back (pure). */
import type { Images } from '../config/images.js';
import { summarizeAccessLog } from '../nginx/parse-access-log.js';
import { summarizeErrorLog } from '../nginx/parse-error-log.js';
import type { NginxLogs } from '../runtime/runtime.js';
import type { ClientObservation, ContainerFacts, Observation, PhaseTimings } from './observation.js';
import { reconcile } from './reconcile.js';

export interface CollectedFacts {
  scenario: string;
  variant: string;
  startedAt: string;
  nginxVersion: string;
  images: Images;
  nginxConfig: string;
  client: ClientObservation;
  logs: NginxLogs;
  containers: ContainerFacts[];
  timings: PhaseTimings;
}

export function buildObservation(facts: CollectedFacts): Observation {
  const accessLog = summarizeAccessLog(facts.logs.access);
  return {
    scenario: facts.scenario,
    variant: facts.variant,
    startedAt: facts.startedAt,
    nginxVersion: facts.nginxVersion,
    images: facts.images,
    nginxConfig: facts.nginxConfig,
    client: facts.client,
    accessLog,
    errorLog: summarizeErrorLog(facts.logs.error),
    reconciliation: reconcile(facts.client, accessLog.statusCounts),
    containers: facts.containers,
    timings: facts.timings,
  };
}
